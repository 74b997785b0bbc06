"""
Connects to the proxy over TLS with the DataStax Python driver (default settings, metadata sync on), verifying the
proxy's certificate against a CA file and the host name 127.0.0.1, runs a small read/write scenario and prints one
JSON object. Usage: tls.py PORT CA_PEM [PROTOCOL_VERSION|default]
"""
import json
import ssl
import sys
import logging
from cassandra.cluster import Cluster
from ci_timeouts import generous

logging.basicConfig(level=logging.WARNING)
port = int(sys.argv[1])
context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
context.load_verify_locations(sys.argv[2])
context.verify_mode = ssl.CERT_REQUIRED
context.check_hostname = True
kwargs = {}
if len(sys.argv) > 3 and sys.argv[3] != "default":
    kwargs["protocol_version"] = int(sys.argv[3])
cluster = Cluster(["127.0.0.1"], port=port, ssl_context=context, ssl_options={"server_hostname": "127.0.0.1"}, **generous(**kwargs))
session = cluster.connect()
out = {"protocol": cluster.protocol_version}
session.execute("CREATE KEYSPACE IF NOT EXISTS tlsks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
session.execute("CREATE TABLE IF NOT EXISTS tlsks.kv (k int PRIMARY KEY, v text)")
insert = session.prepare("INSERT INTO tlsks.kv (k, v) VALUES (?, ?)")
for i in range(50):
    session.execute(insert, (i, "v%d" % i))
rows = list(session.execute("SELECT k, v FROM tlsks.kv"))
out["rows"] = len(rows)
out["v7"] = session.execute("SELECT v FROM tlsks.kv WHERE k = 7").one().v
cluster.refresh_schema_metadata()
out["tables"] = sorted(cluster.metadata.keyspaces["tlsks"].tables.keys())
out["tls"] = cluster.control_connection._connection.ssl_context is not None
print(json.dumps(out))
cluster.shutdown()
