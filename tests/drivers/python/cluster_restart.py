"""
A node of a multi-node cluster stops and restarts under a connected Python driver (default settings). The test
drives the node side through files in DIR: this script creates DIR/ready-<step> and waits for DIR/go-<step>.
Prints one JSON object: whether the driver saw the node go down and come back, and how many rows it read back
afterwards (prepared statements, so the restarted node's UNPREPARED must be handled by re-preparing).
Usage: cluster_restart.py PORT DIR DOWN_ADDRESS [ROWS]
"""
import json
import os
import sys
import time
import logging
from cassandra.cluster import Cluster
from ci_timeouts import generous

logging.basicConfig(level=logging.WARNING)
port = int(sys.argv[1])
folder = sys.argv[2]
down_address = sys.argv[3]
rows = int(sys.argv[4]) if len(sys.argv) > 4 else 30


def handshake(step, timeout=90):
    open(os.path.join(folder, "ready-" + step), "w").close()
    deadline = time.time() + timeout
    while not os.path.exists(os.path.join(folder, "go-" + step)):
        if time.time() > deadline:
            raise SystemExit("no go-%s within %d s" % (step, timeout))
        time.sleep(0.05)


def wait_for(predicate, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


cluster = Cluster(["127.0.0.1"], port=port, **generous())
session = cluster.connect()
session.execute("CREATE KEYSPACE IF NOT EXISTS restart WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
session.execute("CREATE TABLE IF NOT EXISTS restart.kv (k int PRIMARY KEY, v text)")
insert = session.prepare("INSERT INTO restart.kv (k, v) VALUES (?, ?)")
select = session.prepare("SELECT v FROM restart.kv WHERE k = ?")
for k in range(rows):
    session.execute(insert, (k, "v%d" % k))
target = [h for h in cluster.metadata.all_hosts() if h.endpoint.address == down_address][0]
out = {"hosts": len(cluster.metadata.all_hosts()), "up_before": target.is_up}

handshake("stop")
out["down_seen"] = wait_for(lambda: not target.is_up)

handshake("restart")
out["up_seen"] = wait_for(lambda: target.is_up)

read_back = 0
for k in range(rows):
    row = session.execute(select, (k,)).one()
    if row is not None and row.v == "v%d" % k:
        read_back += 1
out["read_back"] = read_back
cluster.shutdown()
print(json.dumps(out))
