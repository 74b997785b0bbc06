"""Many concurrent requests through a proxy whose stages run inline; checks each is answered exactly once, with its own row.

usage: inline_stages.py PORT PROTOCOL COUNT
Writes COUNT rows (k, v = k * 7) with a prepared INSERT, then reads each back with a prepared SELECT, 64 requests in
flight at a time on one session. A reply delivered on the wrong stream shows as a wrong value (or a driver error); a
second reply to one request as an extra callback. Prints one JSON line.
"""
import json
import sys
import threading

from cassandra.cluster import Cluster
from ci_timeouts import generous

port, protocol, count = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
cluster = Cluster(['127.0.0.1'], port=port, **generous(protocol_version=protocol))
session = cluster.connect()
session.execute("CREATE KEYSPACE IF NOT EXISTS inl WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
session.execute("CREATE TABLE IF NOT EXISTS inl.kv (k int PRIMARY KEY, v int)")
insert = session.prepare("INSERT INTO inl.kv (k, v) VALUES (?, ?)")
select = session.prepare("SELECT v FROM inl.kv WHERE k = ?")

lock = threading.Lock()
state = {"sent": 0, "answered": 0, "duplicates": 0, "wrong": [], "errors": [], "error_count": 0}
answered = set()
in_flight = threading.Semaphore(64)


def run(phase, statement, values_of, check):
    def callbacks(key):
        def on_ok(rows):
            with lock:
                tag = (phase, key)
                if tag in answered:
                    state["duplicates"] += 1
                answered.add(tag)
                state["answered"] += 1
                problem = check(key, rows)
                if problem and len(state["wrong"]) < 5:
                    state["wrong"].append(problem)
                if problem:
                    state["wrong_count"] = state.get("wrong_count", 0) + 1
            in_flight.release()

        def on_error(exc):
            with lock:
                state["answered"] += 1
                state["error_count"] += 1
                if len(state["errors"]) < 5:
                    state["errors"].append(repr(exc))
            in_flight.release()
        return on_ok, on_error

    for key in range(count):
        in_flight.acquire()
        with lock:
            state["sent"] += 1
        future = session.execute_async(statement, values_of(key))
        ok, err = callbacks(key)
        future.add_callbacks(ok, err)
    for _ in range(64):  # wait for every request of the phase
        in_flight.acquire()
    for _ in range(64):
        in_flight.release()


def check_read(key, rows):
    values = [row.v for row in rows]
    return None if values == [key * 7] else f"k={key}: got {values}"


run("write", insert, lambda k: (k, k * 7), lambda k, rows: None)
run("read", select, lambda k: (k,), check_read)
state["wrong_count"] = state.get("wrong_count", 0)
state["protocol"] = cluster.protocol_version
print(json.dumps(state))
cluster.shutdown()
