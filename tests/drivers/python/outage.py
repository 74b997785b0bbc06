"""
Keeps one Python driver session querying (every 50 ms for at least SECONDS seconds) while the test kills and restarts
the upstream behind the proxy; prints what the driver saw: ok/error counts before, during and after the outage, and
whether queries succeed again at the end without a new Cluster. Usage: outage.py PORT SECONDS
Past SECONDS it goes on (up to 60 s more) while the outage has not yet been seen to end with 10 answers in a row: on a
loaded machine the upstream's restart can take longer than planned, and a fixed end could cut the recovery off.
"""
import json
import sys
import time
import logging
from cassandra.cluster import Cluster
from cassandra.policies import ConstantReconnectionPolicy

logging.basicConfig(level=logging.CRITICAL)
port, seconds = int(sys.argv[1]), float(sys.argv[2])
# The outage is seen at once either way (the proxy closes the driver's connections and refuses new ones while the
# upstream is down); the timeouts only bound a slow answer, and a loaded machine can be slow for a few seconds.
cluster = Cluster(["127.0.0.1"], port=port, protocol_version=4, reconnection_policy=ConstantReconnectionPolicy(0.5),
                  connect_timeout=10, control_connection_timeout=10, idle_heartbeat_interval=1)
session = cluster.connect()
print("connected", flush=True)
timeline = []
deadline = time.time() + seconds
hard_deadline = deadline + 60


def recovered():
    return len(timeline) >= 3 and timeline[-1][0] and timeline[-1][1] >= 10


while time.time() < deadline or (not recovered() and time.time() < hard_deadline):
    try:
        session.execute("SELECT release_version FROM system.local", timeout=10)
        ok = True
    except Exception:  # noqa: BLE001 - any failure during the outage counts
        ok = False
    if not timeline or timeline[-1][0] != ok:
        timeline.append([ok, 0])
    timeline[-1][1] += 1
    time.sleep(0.05)
cluster.shutdown()
print(json.dumps({"timeline": timeline, "recovered": bool(timeline) and timeline[-1][0] and timeline[-1][1] >= 10}))
