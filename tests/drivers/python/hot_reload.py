"""Sends requests continuously on one driver session while the proxy's stage script is rewritten.

usage: hot_reload.py PORT READY_FILE STOP_FILE
The stage answers `SELECT tag FROM hot.reload` itself with one row holding its version tag. Prints one JSON
line: requests sent, answered, errors, and when each tag was first seen (Unix seconds).
"""
import json
import os
import sys
import threading
import time

from cassandra.cluster import Cluster
from ci_timeouts import generous

port, ready_file, stop_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
cluster = Cluster(['127.0.0.1'], port=port, **generous())
session = cluster.connect()

lock = threading.Lock()
state = {"sent": 0, "answered": 0, "errors": [], "first_seen": {}, "tags": 0}
in_flight = threading.Semaphore(8)
deadline = time.time() + 120


def on_ok(rows):
    now = time.time()
    with lock:
        state["answered"] += 1
        for row in rows:
            state["first_seen"].setdefault(row.tag, now)
    in_flight.release()


def on_error(exc):
    with lock:
        state["answered"] += 1
        if len(state["errors"]) < 5:
            state["errors"].append(repr(exc))
        state["error_count"] = state.get("error_count", 0) + 1
    in_flight.release()


open(ready_file, "w").close()
while not os.path.exists(stop_file) and time.time() < deadline:
    in_flight.acquire()
    with lock:
        state["sent"] += 1
    future = session.execute_async("SELECT tag FROM hot.reload")
    future.add_callbacks(on_ok, on_error)

for _ in range(8):  # wait for every request in flight
    in_flight.acquire()
state["error_count"] = state.get("error_count", 0)
state["protocol"] = cluster.protocol_version
print(json.dumps(state))
cluster.shutdown()
