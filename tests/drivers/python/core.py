"""
Drives the embedded node with the DataStax Python driver (default settings unless told otherwise) and prints one
JSON object with what it observed. Usage: core.py PORT [PROTOCOL_VERSION|default] [COMPRESSION|none]
"""
import datetime
import decimal
import ipaddress
import json
import sys
import uuid
from cassandra import InvalidRequest, AlreadyExists, ConsistencyLevel
from cassandra.cluster import Cluster
from ci_timeouts import generous
from cassandra.query import BatchStatement, SimpleStatement, BatchType
from cassandra.util import Date, Time, Duration

port = int(sys.argv[1])
kwargs = {}
if len(sys.argv) > 2 and sys.argv[2] != "default":
    kwargs["protocol_version"] = int(sys.argv[2])
if len(sys.argv) > 3 and sys.argv[3] != "none":
    kwargs["compression"] = sys.argv[3]
out = {}
cluster = Cluster(["127.0.0.1"], port=port, **generous(**kwargs))
session = cluster.connect()
out["protocol"] = cluster.protocol_version

session.execute("CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
session.execute("USE ks")
session.execute("CREATE TYPE IF NOT EXISTS address (street text, zip int)")
session.execute("""
    CREATE TABLE IF NOT EXISTS alltypes (
        id int PRIMARY KEY, a ascii, b bigint, bl blob, bo boolean, d date, de decimal, db double, du duration,
        f float, i inet, s smallint, t text, tm time, ts timestamp, tu timeuuid, ti tinyint, u uuid, vi varint,
        l list<int>, st set<text>, m map<text, int>, tup tuple<int, text>, addr frozen<address>)""")
session.execute("CREATE TABLE IF NOT EXISTS events (pk text, ck int, v text, s int static, PRIMARY KEY (pk, ck)) WITH CLUSTERING ORDER BY (ck DESC) AND comment = 'evts'")

# Schema metadata as the driver built it (it refreshes after each DDL).
cluster.refresh_schema_metadata()
ks = cluster.metadata.keyspaces["ks"]
out["tables"] = sorted(ks.tables.keys())
out["alltypes_columns"] = {c.name: c.cql_type for c in ks.tables["alltypes"].columns.values()}
ev = ks.tables["events"]
out["events_pk"] = [c.name for c in ev.partition_key]
out["events_ck"] = [c.name for c in ev.clustering_key]
out["events_ck_order"] = ev.clustering_key[0].is_reversed
out["events_static"] = ev.columns["s"].is_static
out["events_comment"] = ev.options.get("comment")
out["udt_fields"] = ks.user_types["address"].field_names
out["system_keyspaces"] = sorted(k for k in cluster.metadata.keyspaces if k.startswith("system"))

# CRUD on every type with literals and with bound values.
session.execute("""INSERT INTO alltypes (id, a, b, bl, bo, d, de, db, du, f, i, s, t, tm, ts, tu, ti, u, vi, l, st, m, tup, addr)
    VALUES (1, 'asc', 9223372036854775807, 0xCAFE, true, '2024-02-29', 123.456, 1.5, 1h30m, 2.5, '10.0.0.1', 32767, 'hé''llo',
    '13:14:15.123456789', '2024-01-02T03:04:05.678Z', now(), -128, 550e8400-e29b-41d4-a716-446655440000, 123456789012345678901234567890,
    [3, 1, 2], {'z', 'a'}, {'k1': 1, 'k2': 2}, (7, 'seven'), {street: 'Main', zip: 12345})""")
r = session.execute("SELECT * FROM alltypes WHERE id = 1").one()
out["literal_row"] = {
    "a": r.a, "b": r.b, "bl": r.bl.hex(), "bo": r.bo, "d": str(r.d), "de": str(r.de), "db": r.db, "du": [r.du.months, r.du.days, r.du.nanoseconds],
    "f": r.f, "i": r.i, "s": r.s, "t": r.t, "tm": str(r.tm), "ts": r.ts.isoformat(), "tu_version": r.tu.version, "ti": r.ti, "u": str(r.u), "vi": str(r.vi),
    "l": r.l, "st": sorted(r.st), "m": dict(r.m), "tup": list(r.tup), "addr": [r.addr.street, r.addr.zip],
}
ins = session.prepare("INSERT INTO alltypes (id, a, b, bl, bo, d, de, db, du, f, i, s, t, tm, ts, tu, ti, u, vi, l, st, m, tup) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
tu = uuid.uuid1()
session.execute(ins, (2, "x", -5, b"\x00\x01", False, Date(datetime.date(1999, 12, 31)), decimal.Decimal("-0.001"), -2.25, Duration(1, 2, 3),
                      0.5, "::1", -3, "bound", Time(1000), datetime.datetime(2020, 5, 6, 7, 8, 9, 123000), tu, 5, uuid.UUID(int=7), 10**30,
                      [9], {"q"}, {"a": -1}, (1, "one")))
sel = session.prepare("SELECT * FROM alltypes WHERE id = ?")
out["prepared_pk_indexes"] = list(sel.routing_key_indexes or [])
r = session.execute(sel, [2]).one()
out["bound_row"] = {"a": r.a, "b": r.b, "bl": r.bl.hex(), "bo": r.bo, "d": str(r.d), "de": str(r.de), "db": r.db, "du": [r.du.months, r.du.days, r.du.nanoseconds],
    "f": r.f, "i": r.i, "s": r.s, "t": r.t, "tm": r.tm.nanosecond_time, "ts": r.ts.isoformat(), "tu": str(r.tu) == str(tu), "ti": r.ti, "u": str(r.u),
    "vi": str(r.vi), "l": r.l, "st": sorted(r.st), "m": dict(r.m), "tup": list(r.tup)}

# UPDATE with collection operations, counters, DELETE of elements and columns.
session.execute("UPDATE alltypes SET l = l + [4], st = st + {'b'}, m['k3'] = 3, t = 'upd' WHERE id = 1")
session.execute("UPDATE alltypes SET l = [0] + l, st = st - {'z'}, m = m - {'k1'} WHERE id = 1")
session.execute("DELETE m['k2'], a FROM alltypes WHERE id = 1")
r = session.execute("SELECT l, st, m, t, a FROM alltypes WHERE id = 1").one()
out["after_update"] = {"l": r.l, "st": sorted(r.st), "m": dict(r.m), "t": r.t, "a": r.a}
session.execute("CREATE TABLE IF NOT EXISTS counters (k text PRIMARY KEY, c counter)")
for _ in range(3):
    session.execute("UPDATE counters SET c = c + 2 WHERE k = 'x'")
session.execute("UPDATE counters SET c = c - 1 WHERE k = 'x'")
out["counter"] = session.execute("SELECT c FROM counters WHERE k = 'x'").one().c

# Clustering, static columns, ordering, ranges, IN, LIMIT, aggregates, writetime/ttl.
pins = session.prepare("INSERT INTO events (pk, ck, v) VALUES (?, ?, ?) USING TTL ?")
for i in range(10):
    session.execute(pins, ("p1", i, "v%d" % i, 1000 if i == 0 else 0))
session.execute("UPDATE events SET s = 42 WHERE pk = 'p1'")
out["desc_order"] = [r.ck for r in session.execute("SELECT ck FROM events WHERE pk = 'p1'")]
out["asc_range"] = [r.ck for r in session.execute("SELECT ck FROM events WHERE pk = 'p1' AND ck >= 3 AND ck < 6 ORDER BY ck ASC")]
out["in_ck"] = [r.ck for r in session.execute("SELECT ck FROM events WHERE pk = 'p1' AND ck IN (1, 5, 99)")]
out["limit"] = [r.ck for r in session.execute("SELECT ck FROM events WHERE pk = 'p1' LIMIT 2")]
out["static"] = session.execute("SELECT s FROM events WHERE pk = 'p1' LIMIT 1").one().s
out["count"] = session.execute("SELECT COUNT(*) FROM events WHERE pk = 'p1'").one()[0]
r = session.execute("SELECT ttl(v) AS t, writetime(v) AS w FROM events WHERE pk = 'p1' AND ck = 0").one()
out["ttl_range"] = 990 <= r.t <= 1000
out["writetime_positive"] = r.w > 1600000000000000
session.execute("DELETE FROM events WHERE pk = 'p1' AND ck > 7")
out["after_range_delete"] = [r.ck for r in session.execute("SELECT ck FROM events WHERE pk = 'p1'")][:3]
out["filtering_error"] = None
try:
    session.execute("SELECT * FROM events WHERE v = 'v1'")
except InvalidRequest as e:
    out["filtering_error"] = "ALLOW FILTERING" in str(e)
out["filtered"] = [r.ck for r in session.execute("SELECT ck FROM events WHERE v = 'v1' ALLOW FILTERING")]

# Client timestamps: last write wins by timestamp, not arrival.
session.execute("INSERT INTO events (pk, ck, v) VALUES ('lww', 1, 'new') USING TIMESTAMP 2000")
session.execute("INSERT INTO events (pk, ck, v) VALUES ('lww', 1, 'old') USING TIMESTAMP 1000")
out["lww"] = session.execute("SELECT v FROM events WHERE pk = 'lww' AND ck = 1").one().v

# Batches: logged text batch, prepared unlogged batch.
session.execute("BEGIN BATCH INSERT INTO events (pk, ck, v) VALUES ('b', 1, 'one'); INSERT INTO events (pk, ck, v) VALUES ('b', 2, 'two'); APPLY BATCH")
batch = BatchStatement(batch_type=BatchType.UNLOGGED)
bp = session.prepare("INSERT INTO events (pk, ck, v) VALUES (?, ?, ?)")
for i in range(3, 6):
    batch.add(bp, ("b", i, "n%d" % i))
batch.add(SimpleStatement("UPDATE events SET v = 'changed' WHERE pk = 'b' AND ck = 1"))
session.execute(batch)
out["batch_rows"] = {r.ck: r.v for r in session.execute("SELECT ck, v FROM events WHERE pk = 'b'")}

# Lightweight transactions.
r1 = session.execute("INSERT INTO events (pk, ck, v) VALUES ('lwt', 1, 'first') IF NOT EXISTS")
r2 = session.execute("INSERT INTO events (pk, ck, v) VALUES ('lwt', 1, 'second') IF NOT EXISTS")
r3 = session.execute("UPDATE events SET v = 'third' WHERE pk = 'lwt' AND ck = 1 IF v = 'first'")
r4 = session.execute("UPDATE events SET v = 'fourth' WHERE pk = 'lwt' AND ck = 1 IF v = 'first'")
r5 = session.execute("DELETE FROM events WHERE pk = 'lwt' AND ck = 2 IF EXISTS")
out["lwt"] = [r1.was_applied, r2.was_applied, r2.one().v, r3.was_applied, r4.was_applied, r4.one().v, r5.was_applied]

# Paging: 10,000 rows across partitions with the driver's auto-paging.
pp = session.prepare("INSERT INTO alltypes (id, t) VALUES (?, ?)")
from cassandra.concurrent import execute_concurrent_with_args
execute_concurrent_with_args(session, pp, [(i, "r%d" % i) for i in range(1000, 11000)], concurrency=100)
stmt = SimpleStatement("SELECT id FROM alltypes", fetch_size=1000)
ids = [r.id for r in session.execute(stmt)]
out["paged_count"] = len(ids)
out["paged_distinct"] = len(set(ids))
rs = session.execute(SimpleStatement("SELECT id FROM alltypes", fetch_size=300))
out["first_page_size"] = len(rs.current_rows)
out["token_query"] = session.execute("SELECT count(*) FROM alltypes WHERE token(id) > 0").one()[0] + \
    session.execute("SELECT count(*) FROM alltypes WHERE token(id) <= 0").one()[0]

# Errors with their codes.
errors = {}
for name, q in [("syntax", "SELEC * FROM x"), ("no_keyspace", "SELECT * FROM nope.t"), ("no_table", "SELECT * FROM ks.nope"),
                ("type", "INSERT INTO alltypes (id, b) VALUES (1, 'text')"), ("missing_pk", "INSERT INTO alltypes (t) VALUES ('x')"),
                ("exists", "CREATE TABLE alltypes (id int PRIMARY KEY)")]:
    try:
        session.execute(q)
        errors[name] = None
    except Exception as e:
        import re
        m = re.search(r"code=([0-9a-fA-F]{4})", str(e))
        code = 0x2400 if isinstance(e, AlreadyExists) else (int(m.group(1), 16) if m else type(e).__name__)
        errors[name] = [code, str(e)[:200]]
out["errors"] = errors

# Schema change: ALTER + DROP reflected in metadata.
session.execute("ALTER TABLE events ADD extra int")
out["after_alter"] = "extra" in cluster.metadata.keyspaces["ks"].tables["events"].columns
session.execute("DROP TABLE counters")
out["after_drop"] = "counters" in cluster.metadata.keyspaces["ks"].tables
session.execute("DROP KEYSPACE ks")
out["after_drop_keyspace"] = "ks" in cluster.metadata.keyspaces
cluster.shutdown()
print(json.dumps(out, default=str))
