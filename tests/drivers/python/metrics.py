"""Real-driver traffic with a known shape, measured on the proxy's /metrics before and after.

usage: metrics.py PORT ADMIN_URL
Prints one JSON line: the deltas of the proxy's request counters around the known traffic.
"""
import json
import sys
import time

from cassandra.cluster import Cluster
from ci_timeouts import generous
from prometheus_text import scrape

port, admin = int(sys.argv[1]), sys.argv[2].rstrip('/')


# No event-driven metadata refresh: the driver refreshes schema itself right after each DDL it sends, but the
# SCHEMA_CHANGE events of that DDL would trigger another refresh ~2 s later (its debounce window), inside the
# measured traffic (seen: 23 QUERY counted instead of 13).
cluster = Cluster(['127.0.0.1'], port=port, **generous(protocol_version=4, schema_event_refresh_window=-1, topology_event_refresh_window=-1))
session = cluster.connect()
session.execute("CREATE KEYSPACE IF NOT EXISTS m WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
session.execute("CREATE TABLE IF NOT EXISTS m.t (k int PRIMARY KEY, v text)")
insert = session.prepare("INSERT INTO m.t (k, v) VALUES (?, ?)")
time.sleep(0.5)  # let the driver's own schema refresh after the DDL finish

before = scrape(admin)
for i in range(25):
    session.execute(insert, (i, 'v%d' % i))
for i in range(10):
    session.execute("SELECT v FROM m.t WHERE k = %d" % i)
errors = 0
for i in range(3):
    try:
        session.execute("SELECT * FROM m.missing_table")
    except Exception:
        errors += 1
after = scrape(admin)

def delta(key):
    return after.get(key, 0) - before.get(key, 0)

print(json.dumps({
    "execute": delta('scriptproxy_requests_total{opcode="EXECUTE"}'),
    "query": delta('scriptproxy_requests_total{opcode="QUERY"}'),
    "invalid": delta('scriptproxy_upstream_errors_total{opcode="QUERY",code="0x2200"}'),
    "latency_count_execute": delta('scriptproxy_request_duration_seconds_count{opcode="EXECUTE"}'),
    "v4_connections": after.get('scriptproxy_connections_by_protocol_version{version="4"}', 0),
    "driver_errors": errors,
    "error_series": {k: v for k, v in after.items() if "upstream_errors" in k},
}))
cluster.shutdown()
