"""
Driver timeouts for a loaded 2-core CI machine, shared by the driver scripts. The Python driver's defaults (5 s to
connect, 2 s for each control-connection query: system.local/peers and schema metadata, also after every DDL) are
missed when the machine stalls a thread for a few seconds, and a run then fails for no fault of the proxy. Scripts
that test a timeout set their own.
"""


def generous(**kwargs):
    """Cluster() keyword arguments: generous connect and control-connection timeouts unless given in kwargs."""
    return {"connect_timeout": 20, "control_connection_timeout": 20, **kwargs}
