"""
The DataStax Python driver against a proxy that fronts a 3-node cluster (the cluster sink). The driver only talks to
the proxy (WhiteListRoundRobinPolicy on its address); the proxy routes. Modes:

  writes HOST PORT VERSION          prepared + literal writes to ks.kv and the composite-key ks.comp, and a second
                                    session USE-ing ks2 writing the same unqualified table at the same time
  restart HOST PORT VERSION DIR     prepare + write, touch DIR/prepared, wait for DIR/restarted (the test restarts a
                                    node), then execute the same prepared statement again for every key
  outage HOST PORT VERSION DIR SECONDS
                                    rounds of 30 concurrent prepared writes (keys 0..29) for SECONDS seconds; touches
                                    DIR/started after 3 rounds (the test then stops a node and touches DIR/stopped);
                                    goes on past SECONDS (up to 60 s more) until 3 rounds began after DIR/stopped, so a
                                    slow start cannot leave the stop in the last round; counts every answer

Prints one JSON object.
"""
import json
import os
import logging
import sys
import time

from cassandra.cluster import Cluster
from cassandra.policies import WhiteListRoundRobinPolicy, ConstantReconnectionPolicy

logging.basicConfig(level=logging.DEBUG if os.environ.get("CLUSTER_DEBUG") else logging.CRITICAL)
mode, host, port, version = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])


def connect():
    return Cluster([host], port=port, protocol_version=version, load_balancing_policy=WhiteListRoundRobinPolicy([host]),
                   connect_timeout=10, control_connection_timeout=10, max_schema_agreement_wait=0,
                   reconnection_policy=ConstantReconnectionPolicy(0.5))


def wait_for(path, seconds):
    deadline = time.time() + seconds
    while not os.path.exists(path):
        if time.time() > deadline:
            raise RuntimeError("timed out waiting for " + path)
        time.sleep(0.05)


def writes():
    cluster = connect()
    s1 = cluster.connect("ks")
    s2 = cluster.connect("ks2")
    insert = s1.prepare("INSERT INTO kv (k, v) VALUES (?, ?)")
    for k in range(60):
        s1.execute(insert, (k, "prepared"))
    for k in range(100, 160):
        s1.execute("INSERT INTO kv (k, v) VALUES (%d, 'literal')" % k)
    comp = s1.prepare("INSERT INTO comp (a, b, c, v) VALUES (?, ?, ?, ?)")
    for a in range(30):
        s1.execute(comp, (a, "x%d" % a, 1, "prepared"))
    for a in range(100, 130):
        s1.execute("INSERT INTO comp (a, b, c, v) VALUES (%d, 'y%d', 1, 'literal')" % (a, a))
    # Two sessions on different keyspaces, interleaved: a USE on one must not move the other.
    insert2 = s2.prepare("INSERT INTO kv (k, v) VALUES (?, ?)")
    for i in range(20):
        s1.execute("INSERT INTO kv (k, v) VALUES (%d, 'ks')" % (2000 + i))
        s2.execute(insert2, (1000 + i, "ks2"))
        s2.execute("INSERT INTO kv (k, v) VALUES (%d, 'ks2')" % (3000 + i))
    read = s1.prepare("SELECT v FROM kv WHERE k = ?")
    found = sum(1 for k in range(60) if s1.execute(read, (k,)).one() is not None)
    cluster.shutdown()
    return {"found": found}


def restart(folder):
    cluster = connect()
    session = cluster.connect("ks")
    insert = session.prepare("INSERT INTO kv (k, v) VALUES (?, ?)")
    select = session.prepare("SELECT v FROM kv WHERE k = ?")
    for k in range(30):
        session.execute(insert, (k, "before"))
    open(os.path.join(folder, "prepared"), "w").close()
    wait_for(os.path.join(folder, "restarted"), 120)
    errors = []
    ok = 0
    for k in range(200, 230):
        try:
            session.execute(insert, (k, "after"), timeout=20)
            row = session.execute(select, (k,), timeout=20).one()
            ok += 1 if row is not None and row.v == "after" else 0
        except Exception as e:  # noqa: BLE001 - reported to the test
            errors.append("%d: %r" % (k, e))
    cluster.shutdown()
    return {"ok": ok, "errors": errors}


def outage(folder, seconds):
    cluster = connect()
    session = cluster.connect("ks")
    insert = session.prepare("INSERT INTO kv (k, v) VALUES (?, ?)")
    issued = answered = timeouts = rounds = 0
    errors = {}
    ok_last_round = []
    deadline = time.time() + seconds
    hard_deadline = deadline + 60
    stopped_at = None  # the first round begun after the test said the node is stopped
    while time.time() < deadline or ((stopped_at is None or rounds < stopped_at + 3) and time.time() < hard_deadline):
        if stopped_at is None and os.path.exists(os.path.join(folder, "stopped")):
            stopped_at = rounds
        futures = [(k, session.execute_async(insert, (k, "r%d" % rounds), timeout=30)) for k in range(30)]
        issued += len(futures)
        ok_this_round = []
        for k, f in futures:
            try:
                f.result()
                ok_this_round.append(k)
                answered += 1
            except Exception as e:  # noqa: BLE001 - every kind of answer is counted
                if "OperationTimedOut" in type(e).__name__:
                    timeouts += 1
                else:
                    answered += 1
                    errors[str(k)] = errors.get(str(k), 0) + 1
        ok_last_round = ok_this_round
        rounds += 1
        if rounds == 3:
            open(os.path.join(folder, "started"), "w").close()
        time.sleep(0.02)
    cluster.shutdown()
    return {"issued": issued, "answered": answered, "timeouts": timeouts, "rounds": rounds, "errors": errors,
            "okLastRound": ok_last_round}


if mode == "writes":
    result = writes()
elif mode == "restart":
    result = restart(sys.argv[5])
else:
    result = outage(sys.argv[5], float(sys.argv[6]))
print(json.dumps(result))
