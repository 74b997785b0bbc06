"""
The DataStax Python driver, logging in with PlainTextAuthProvider, against a proxy that fronts a 3-node cluster
requiring authentication and/or TLS (the cluster sink). The driver only talks to the proxy. Modes:

  writes HOST PORT VERSION USER PASSWORD   60 prepared and 60 literal writes to ks.kv (keys 0..59, 100..159), then
                                           reads every key back through the proxy
  login HOST PORT VERSION USER PASSWORD    only connects: reports whether it could and the first error

Prints one JSON object.
"""
import json
import logging
import os
import sys

from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import Cluster, NoHostAvailable
from cassandra.policies import WhiteListRoundRobinPolicy, ConstantReconnectionPolicy

logging.basicConfig(level=logging.DEBUG if os.environ.get("CLUSTER_DEBUG") else logging.CRITICAL)
mode, host, port, version, user, password = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]


def connect():
    return Cluster([host], port=port, protocol_version=version, load_balancing_policy=WhiteListRoundRobinPolicy([host]),
                   auth_provider=PlainTextAuthProvider(username=user, password=password),
                   connect_timeout=10, control_connection_timeout=10, max_schema_agreement_wait=0,
                   reconnection_policy=ConstantReconnectionPolicy(0.5))


def writes():
    cluster = connect()
    session = cluster.connect("ks")
    insert = session.prepare("INSERT INTO kv (k, v) VALUES (?, ?)")
    for k in range(60):
        session.execute(insert, (k, "prepared"))
    for k in range(100, 160):
        session.execute("INSERT INTO kv (k, v) VALUES (%d, 'literal')" % k)
    read = session.prepare("SELECT v FROM kv WHERE k = ?")
    found = {}
    for k in list(range(60)) + list(range(100, 160)):
        row = session.execute(read, (k,)).one()
        if row is not None:
            found[str(k)] = row.v
    cluster.shutdown()
    return {"found": found}


def login():
    cluster = connect()
    try:
        cluster.connect()
    except NoHostAvailable as e:
        errors = list(e.errors.values())
        return {"connected": False, "error": str(errors[0]) if errors else str(e)}
    finally:
        cluster.shutdown()
    return {"connected": True}


print(json.dumps(writes() if mode == "writes" else login()))
