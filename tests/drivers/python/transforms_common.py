"""
Shared plumbing of the transforms_*.py scenarios (see tests/ScriptProxy.Host.Tests/Transforms): each script is run as
  transforms_<area>.py SCENARIO PROXY_PORT NODE_PORT SECONDARY_PORT [ADMIN_URL]
with the DataStax Python driver at its defaults (protocol negotiated, metadata sync on), and prints one JSON object
with what the scenario observed. "direct" sessions bypass the proxy and talk to the embedded node (or the second
node) itself, to check what really reached the cluster.
"""
import json
import sys
from cassandra.cluster import Cluster
from ci_timeouts import generous

REPLICATION = "{'class': 'SimpleStrategy', 'replication_factor': 1}"


class Bed:
    def __init__(self, proxy_port, node_port, secondary_port, admin=None):
        self.admin = admin  # the proxy's admin endpoint ("http://127.0.0.1:port"), when the test started one
        self.proxy_port = proxy_port
        self.node_port = node_port
        self.secondary_port = secondary_port
        self._clusters = []

    def connect(self, port, **kwargs):
        cluster = Cluster(["127.0.0.1"], port=port, **generous(**kwargs))
        self._clusters.append(cluster)
        return cluster.connect()

    def proxy(self, **kwargs):
        """A session through the proxy (the stages under test)."""
        return self.connect(self.proxy_port, **kwargs)

    def node(self):
        """A session straight to the node behind the proxy."""
        return self.connect(self.node_port)

    def secondary(self):
        """A session straight to the second node (Tee / DualWrite)."""
        return self.connect(self.secondary_port)

    def close(self):
        for c in self._clusters:
            c.shutdown()


def keyspace(session, name):
    session.execute("CREATE KEYSPACE IF NOT EXISTS %s WITH replication = %s" % (name, REPLICATION))


def outcome(fn):
    """'ok' or the exception's class name (plus the CQL error code when there is one)."""
    try:
        fn()
        return "ok"
    except Exception as e:  # noqa: BLE001 - the class name is the observation
        return error_name(e)


def error_name(e):
    # A driver that gives up on every host wraps the per-host errors: report the real one.
    errors = getattr(e, "errors", None)
    if isinstance(errors, dict) and errors:
        e = list(errors.values())[0]
    code = getattr(e, "code", None)
    if not isinstance(code, int):
        code = getattr(e, "error_code", None)
    return type(e).__name__ + ("/0x%04X" % code if isinstance(code, int) else "")


def run(scenarios):
    name, proxy_port, node_port, secondary_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    bed = Bed(proxy_port, node_port, secondary_port, sys.argv[5].rstrip('/') if len(sys.argv) > 5 else None)
    out = {"scenario": name}
    try:
        scenarios[name](bed, out)
    finally:
        bed.close()
    print(json.dumps(out, default=str))
