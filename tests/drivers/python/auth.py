"""
Logs in with the DataStax PlainTextAuthProvider (metadata sync on), then tries DDL and a write/read, and prints one
JSON object: {"connected": true, "ddl": ..., "rows": ...} or {"connected": false, "error": "..."}.
Usage: auth.py PORT USER PASSWORD [PROTOCOL_VERSION|default] [COMPRESSION|none]
"""
import json
import sys
from cassandra import Unauthorized, AuthenticationFailed
from cassandra.auth import PlainTextAuthProvider
from cassandra.cluster import Cluster, NoHostAvailable
from ci_timeouts import generous

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
kwargs = {}
if len(sys.argv) > 4 and sys.argv[4] != "default":
    kwargs["protocol_version"] = int(sys.argv[4])
if len(sys.argv) > 5 and sys.argv[5] != "none":
    kwargs["compression"] = sys.argv[5]
out = {"connected": False}
cluster = Cluster(["127.0.0.1"], port=port, auth_provider=PlainTextAuthProvider(username=user, password=password), **generous(**kwargs))
try:
    session = cluster.connect()
except NoHostAvailable as e:
    errors = list(e.errors.values())
    out["error"] = str(errors[0]) if errors else str(e)
    out["error_type"] = type(errors[0]).__name__ if errors else type(e).__name__
    print(json.dumps(out))
    sys.exit(0)
out["connected"] = True
out["protocol"] = cluster.protocol_version
try:
    session.execute("CREATE KEYSPACE IF NOT EXISTS authks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
    session.execute("CREATE TABLE IF NOT EXISTS authks.t (k int PRIMARY KEY, v text)")
    out["ddl"] = "ok"
except Unauthorized as e:
    out["ddl"] = "Unauthorized"
    out["ddl_code"] = e.code if hasattr(e, "code") else None
    out["ddl_message"] = str(e)
if out["ddl"] == "ok":
    session.execute("INSERT INTO authks.t (k, v) VALUES (1, %s)", [user])
    out["rows"] = [[r.k, r.v] for r in session.execute("SELECT k, v FROM authks.t")]
else:
    out["rows"] = [[r.release_version] for r in session.execute("SELECT release_version FROM system.local")]
cluster.shutdown()
print(json.dumps(out))
