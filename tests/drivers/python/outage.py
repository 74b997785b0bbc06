"""
Keeps one Python driver session querying (every 50 ms for SECONDS seconds) while the test kills and restarts the
upstream behind the proxy; prints what the driver saw: ok/error counts before, during and after the outage, and
whether queries succeed again at the end without a new Cluster. Usage: outage.py PORT SECONDS
"""
import json
import sys
import time
import logging
from cassandra.cluster import Cluster
from cassandra.policies import ConstantReconnectionPolicy

logging.basicConfig(level=logging.CRITICAL)
port, seconds = int(sys.argv[1]), float(sys.argv[2])
cluster = Cluster(["127.0.0.1"], port=port, protocol_version=4, reconnection_policy=ConstantReconnectionPolicy(0.5),
                  connect_timeout=2, control_connection_timeout=2, idle_heartbeat_interval=1)
session = cluster.connect()
print("connected", flush=True)
timeline = []
deadline = time.time() + seconds
while time.time() < deadline:
    try:
        session.execute("SELECT release_version FROM system.local", timeout=2)
        ok = True
    except Exception:  # noqa: BLE001 - any failure during the outage counts
        ok = False
    if not timeline or timeline[-1][0] != ok:
        timeline.append([ok, 0])
    timeline[-1][1] += 1
    time.sleep(0.05)
cluster.shutdown()
print(json.dumps({"timeline": timeline, "recovered": bool(timeline) and timeline[-1][0] and timeline[-1][1] >= 10}))
