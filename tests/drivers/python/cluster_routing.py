"""
Token-aware routing against a multi-node cluster (the embedded cluster directly, or proxies presenting one).
Default driver settings: TokenAwarePolicy(DCAwareRoundRobinPolicy()), schema and token metadata on.
Writes ROWS rows to a single-column and a composite partition key table with prepared statements, reads each back,
and prints one JSON object: the hosts the driver discovered, which coordinator served each request, and whether the
coordinator was the replica the driver's own token map names.
Usage: cluster_routing.py PORT [ROWS] [CONTACT_HOST]
"""
import json
import sys
import logging
from collections import Counter
from cassandra.cluster import Cluster

logging.basicConfig(level=logging.WARNING)
port = int(sys.argv[1])
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 200
contact = sys.argv[3] if len(sys.argv) > 3 else "127.0.0.1"

# Generous timeouts (defaults: 5 s connect, 2 s control queries) for a loaded 2-core CI machine; routing is unchanged.
cluster = Cluster([contact], port=port, connect_timeout=20, control_connection_timeout=20)
session = cluster.connect()
out = {"protocol": cluster.protocol_version,
       "policy": type(cluster.profile_manager.default.load_balancing_policy).__name__,
       "hosts": sorted("%s:%d" % (h.endpoint.address, h.endpoint.port) for h in cluster.metadata.all_hosts()),
       "up": sorted("%s:%d" % (h.endpoint.address, h.endpoint.port) for h in cluster.metadata.all_hosts() if h.is_up)}

session.execute("CREATE KEYSPACE IF NOT EXISTS routing WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
session.execute("CREATE TABLE IF NOT EXISTS routing.kv (k int PRIMARY KEY, v text)")
session.execute("CREATE TABLE IF NOT EXISTS routing.composite (a text, b int, c int, v text, PRIMARY KEY ((a, b), c))")
cluster.control_connection.wait_for_schema_agreement()

insert_kv = session.prepare("INSERT INTO routing.kv (k, v) VALUES (?, ?)")
select_kv = session.prepare("SELECT v FROM routing.kv WHERE k = ?")
insert_c = session.prepare("INSERT INTO routing.composite (a, b, c, v) VALUES (?, ?, ?, ?)")
select_c = session.prepare("SELECT v FROM routing.composite WHERE a = ? AND b = ?")

coordinators = Counter()
mismatches = []
read_back = 0


def run(statement, values):
    bound = statement.bind(values)
    rs = session.execute(bound)
    host = rs.response_future.coordinator_host
    coordinators[str(host)] += 1
    replicas = cluster.metadata.get_replicas("routing", bound.routing_key)
    if not replicas or str(replicas[0].endpoint) != str(host):
        mismatches.append({"values": [str(v) for v in values], "coordinator": str(host),
                           "replicas": [str(r.endpoint) for r in replicas]})
    return rs


for k in range(rows):
    run(insert_kv, (k, "v%d" % k))
    run(insert_c, ("key%d" % k, k, 1, "c%d" % k))
for k in range(rows):
    if run(select_kv, (k,)).one().v == "v%d" % k:
        read_back += 1
    if run(select_c, ("key%d" % k, k)).one().v == "c%d" % k:
        read_back += 1

out["rows"] = rows
out["read_back"] = read_back
out["coordinators"] = dict(coordinators)
out["mismatches"] = mismatches[:10]
out["mismatch_count"] = len(mismatches)
cluster.shutdown()
print(json.dumps(out))
