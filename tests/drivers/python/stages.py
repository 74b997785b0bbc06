"""
Exercises the sample stages through the proxy with the DataStax Python driver and prints one JSON object
with what it observed. Chain expected (see StagesThroughProxyTests): deny-writes (billing), rewrite-keyspace
(legacy -> app), redact.js (ssn), slow-queries, Audit plugin.
Usage: stages.py PORT PROTOCOL_VERSION [COMPRESSION|none]
"""
import json
import sys
from cassandra import Unauthorized
from cassandra.cluster import Cluster
from ci_timeouts import generous

port = int(sys.argv[1])
kwargs = {"protocol_version": int(sys.argv[2])}
if len(sys.argv) > 3 and sys.argv[3] != "none":
    kwargs["compression"] = sys.argv[3]
out = {}
cluster = Cluster(["127.0.0.1"], port=port, **generous(**kwargs))
session = cluster.connect()
out["protocol"] = cluster.protocol_version

for ks in ("app", "billing"):
    session.execute("CREATE KEYSPACE IF NOT EXISTS %s WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}" % ks)
session.execute("CREATE TABLE IF NOT EXISTS app.users (id int PRIMARY KEY, name text, ssn text)")
session.execute("CREATE TABLE IF NOT EXISTS billing.invoices (id int PRIMARY KEY, amount int)")

# Writes to app pass (simple and prepared).
session.execute("INSERT INTO app.users (id, name, ssn) VALUES (1, 'ann', '111-11')")
insert_user = session.prepare("INSERT INTO app.users (id, name, ssn) VALUES (?, ?, ?)")
session.execute(insert_user, (2, "bob", "222-22"))

# Writes to billing are denied: QUERY by its text, EXECUTE by the statement remembered from PREPARE.
def denied(statement, params=None):
    try:
        session.execute(statement, params)
        return "allowed"
    except Unauthorized as e:
        return "unauthorized"

out["billing_query"] = denied("INSERT INTO billing.invoices (id, amount) VALUES (1, 10)")
insert_invoice = session.prepare("INSERT INTO billing.invoices (id, amount) VALUES (?, ?)")
out["billing_execute"] = denied(insert_invoice, (2, 20))
# After USE billing, unqualified writes are still billing writes.
session.execute("USE billing")
out["billing_unqualified"] = denied("INSERT INTO invoices (id, amount) VALUES (3, 30)")
out["billing_rows"] = len(list(session.execute("SELECT * FROM billing.invoices")))

# The keyspace rewrite: "legacy" does not exist; the proxy sends it to app.
rows = list(session.execute("SELECT id, name, ssn FROM legacy.users"))
out["legacy_rows"] = sorted([r.id, r.name, r.ssn] for r in rows)

# Redaction on prepared reads too (EXECUTE results carry no column names: the proxy uses the PREPARED metadata).
select_user = session.prepare("SELECT name, ssn FROM app.users WHERE id = ?")
row = session.execute(select_user, (2,)).one()
out["prepared_row"] = [row.name, row.ssn]

# Many requests in a row, all answered.
answered = 0
for i in range(200):
    if session.execute(select_user, (1,)).one().name == "ann":
        answered += 1
out["loop_answered"] = answered

# Large request and response (> one 128 KiB v5 segment): split, reassembled and re-framed around the stages.
session.execute("CREATE TABLE IF NOT EXISTS app.blobs (id int PRIMARY KEY, data text)")
insert_blob = session.prepare("INSERT INTO app.blobs (id, data) VALUES (?, ?)")
for i in range(3):
    session.execute(insert_blob, (i, chr(ord("a") + i) * 200000))
big = sorted((r.id, len(r.data), r.data[0]) for r in session.execute("SELECT id, data FROM app.blobs"))
out["big_rows"] = [list(b) for b in big]

cluster.shutdown()
print(json.dumps(out))
