"""
Conformance scenario for the DataStax Python driver. Runs the same statements against whatever listens on PORT (the
embedded node directly, or the proxy in front of it) and prints ONE normalized JSON document: every value that differs
run to run (timeuuids, writetimes, host ids, ports) is replaced by a stable marker, so two runs of the scenario against
equivalent servers print identical documents. Usage: conform.py PORT [PROTOCOL_VERSION|default] [COMPRESSION|none]
"""
import datetime
import decimal
import json
import sys
import threading
import time
import uuid
from collections import OrderedDict
from cassandra.cluster import Cluster
from ci_timeouts import generous
from cassandra.connection import DefaultEndPoint
from cassandra.query import BatchStatement, BatchType, SimpleStatement
from cassandra.util import Date, Time, Duration, OrderedMapSerializedKey, SortedSet

port = int(sys.argv[1])
kwargs = {}
if len(sys.argv) > 2 and sys.argv[2] != "default":
    kwargs["protocol_version"] = int(sys.argv[2])
if len(sys.argv) > 3 and sys.argv[3] != "none":
    kwargs["compression"] = sys.argv[3]


def norm(v):
    """A JSON-able, run-independent form of a driver value."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, uuid.UUID):
        return "<timeuuid>" if v.version == 1 else str(v)
    if isinstance(v, (bytes, bytearray)):
        return "0x" + bytes(v).hex()
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time, decimal.Decimal, Date, Time)):
        return str(v)
    if isinstance(v, Duration):
        return [v.months, v.days, v.nanoseconds]
    if isinstance(v, (set, frozenset, SortedSet)):
        return sorted((norm(x) for x in v), key=json.dumps)
    if isinstance(v, (dict, OrderedMapSerializedKey)):
        return sorted(([norm(k), norm(x)] for k, x in v.items()), key=json.dumps)
    if hasattr(v, "_fields"):  # UDTs and Row namedtuples
        return OrderedDict((f, norm(getattr(v, f))) for f in v._fields)
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    return str(v)


def rows(result):
    return [norm(r) for r in result]


def error(e):
    return {"type": type(e).__name__, "code": getattr(e, "code", None), "message": str(e)}


out = OrderedDict()
cluster = Cluster(["127.0.0.1"], port=port, **generous(**kwargs))
session = cluster.connect()
out["protocol"] = cluster.protocol_version
out["cluster_name"] = cluster.metadata.cluster_name

# Events: a second, raw driver connection registered for SCHEMA_CHANGE records what the server pushes.
events = []
events_lock = threading.Lock()
watcher = cluster.connection_factory(DefaultEndPoint("127.0.0.1", port))
watcher.register_watchers({"SCHEMA_CHANGE": lambda e: (events_lock.acquire(), events.append(dict(e)), events_lock.release())}, register_timeout=10)

# --- schema ---
session.execute("CREATE KEYSPACE conf WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
session.execute("USE conf")
session.execute("CREATE TYPE address (street text, zip int, tags frozen<set<text>>)")
session.execute("""CREATE TABLE alltypes (id int PRIMARY KEY, a ascii, b bigint, bl blob, bo boolean, d date, de decimal,
    db double, du duration, f float, i inet, s smallint, t text, tm time, ts timestamp, tu timeuuid, ti tinyint, u uuid,
    vi varint, vc varchar)""")
session.execute("""CREATE TABLE colls (id int PRIMARY KEY, l list<int>, st set<text>, m map<text, int>, fl frozen<list<text>>,
    nested map<text, frozen<list<int>>>, tup tuple<int, text, boolean>, addr frozen<address>, addrs list<frozen<address>>)""")
session.execute("CREATE TABLE ev (pk text, ck int, v text, s int static, PRIMARY KEY (pk, ck)) WITH CLUSTERING ORDER BY (ck DESC)")
session.execute("CREATE TABLE cnt (k text PRIMARY KEY, c counter)")
session.execute("ALTER TABLE ev ADD extra text")
session.execute("CREATE INDEX ev_v ON ev (v)")
cluster.refresh_schema_metadata()
ks = cluster.metadata.keyspaces["conf"]
out["schema"] = OrderedDict((name, OrderedDict([
    ("columns", [[c.name, c.cql_type, c.is_static, c.is_reversed] for c in t.columns.values()]),
    ("partition_key", [c.name for c in t.partition_key]),
    ("clustering_key", [c.name for c in t.clustering_key]),
    ("indexes", sorted(t.indexes.keys())),
])) for name, t in sorted(ks.tables.items()))
out["types"] = {n: [t.field_names, t.field_types] for n, t in ks.user_types.items()}
out["replication"] = ks.replication_strategy.export_for_schema()

# --- CRUD on every type: literals, bound values, update, delete ---
session.execute("""INSERT INTO alltypes (id, a, b, bl, bo, d, de, db, du, f, i, s, t, tm, ts, tu, ti, u, vi, vc) VALUES
    (1, 'asc', -9223372036854775808, 0x00ff, true, '1970-01-01', -1.50E-3, 1.7976931348623157E308, 1y2mo3d4h5m6s7ms8us9ns, 3.4028235E38,
    '2001:db8::1', -32768, 'hé ''q''', '23:59:59.999999999', '1969-12-31T23:59:59.999Z', now(), 127,
    00000000-0000-4000-8000-000000000001, -170141183460469231731687303715884105728, 'vc')""")
ins = session.prepare("INSERT INTO alltypes (id, a, b, bl, bo, d, de, db, du, f, i, s, t, tm, ts, tu, ti, u, vi, vc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
session.execute(ins, (2, "", 0, b"", False, Date(datetime.date(2038, 1, 19)), decimal.Decimal("1E+10"), float("-inf"), Duration(-1, -2, -3),
                      float("nan"), "127.0.0.1", 0, "", Time(0), datetime.datetime(2262, 4, 11, 23, 47, 16, 854000), uuid.uuid1(), -128,
                      uuid.UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), 0, None))
session.execute(ins, (3,) + (None,) * 19)
out["alltypes"] = rows(session.execute("SELECT * FROM alltypes"))
out["alltypes_by_pk"] = rows(session.execute(session.prepare("SELECT t, b FROM alltypes WHERE id IN ?"), [[3, 1]]))
session.execute("UPDATE alltypes SET t = 'updated' WHERE id = 1")
session.execute("DELETE bl, bo FROM alltypes WHERE id = 1")
session.execute("DELETE FROM alltypes WHERE id = 2")
out["after_update_delete"] = rows(session.execute("SELECT id, t, bl, bo FROM alltypes"))
r = session.execute("SELECT writetime(t) AS w, ttl(t) AS l FROM alltypes WHERE id = 1").one()
out["writetime"] = [r.w > 1600000000000000, r.l]
session.execute("INSERT INTO alltypes (id, t) VALUES (4, 'ttl') USING TTL 5000")
out["ttl"] = 4990 <= session.execute("SELECT ttl(t) FROM alltypes WHERE id = 4").one()[0] <= 5000

# --- collections and UDTs ---
session.execute("""INSERT INTO colls (id, l, st, m, fl, nested, tup, addr, addrs) VALUES (1, [1, 2], {'b', 'a'}, {'x': 1}, ['f'],
    {'n': [1, 2]}, (1, 'one', true), {street: 'Main', zip: 1, tags: {'home'}}, [{street: 'A', zip: 2, tags: {}}])""")
session.execute("UPDATE colls SET l = l + [3] WHERE id = 1")
session.execute("UPDATE colls SET l = [0] + l, st = st + {'c'}, m['y'] = 2, nested['o'] = [3] WHERE id = 1")
session.execute("UPDATE colls SET st = st - {'a'}, m = m - {'x'} WHERE id = 1")
session.execute("UPDATE colls SET l[1] = 10 WHERE id = 1")
session.execute("DELETE l[0] FROM colls WHERE id = 1")
pc = session.prepare("INSERT INTO colls (id, l, st, m, tup, addr) VALUES (?, ?, ?, ?, ?, ?)")
session.execute(pc, (2, [], set(), {}, (None, None, None), None))
session.execute(pc, (3, [5, 5], {"z"}, {"k": -1}, (2, "two", False), None))
session.execute("UPDATE colls SET addr = {street: 'Side', zip: 3, tags: {'work', 'x'}} WHERE id = 3")
out["colls"] = rows(session.execute("SELECT * FROM colls"))

# --- prepared statements: metadata the driver reads ---
sel = session.prepare("SELECT id, l, addr FROM colls WHERE id = ?")
out["prepared"] = {"pk_indexes": list(sel.routing_key_indexes or []),
                   "bind": [[c.name, str(c.type.cql_parameterized_type())] for c in sel.column_metadata],
                   "result": [[c[2], c[3].cql_parameterized_type()] for c in (sel.result_metadata or [])],
                   "row": rows(session.execute(sel, [1]))}
named = session.prepare("SELECT t FROM alltypes WHERE id = :id")
out["prepared_named"] = rows(session.execute(named, {"id": 1}))

# --- clustering, static, ordering, ranges, aggregates, filtering, secondary index ---
pev = session.prepare("INSERT INTO ev (pk, ck, v) VALUES (?, ?, ?)")
for p in ("p1", "p2"):
    for i in range(6):
        session.execute(pev, (p, i, "v%d" % (i % 3)))
session.execute("UPDATE ev SET s = 7 WHERE pk = 'p1'")
out["ev_all"] = rows(session.execute("SELECT * FROM ev"))
out["ev_range"] = rows(session.execute("SELECT ck FROM ev WHERE pk = 'p1' AND ck > 1 AND ck <= 4 ORDER BY ck ASC"))
out["ev_agg"] = rows(session.execute("SELECT count(*), min(ck), max(ck), sum(ck), avg(ck) FROM ev WHERE pk = 'p2'"))
out["ev_index"] = rows(session.execute("SELECT pk, ck FROM ev WHERE v = 'v1'"))
out["ev_distinct"] = rows(session.execute("SELECT DISTINCT pk, s FROM ev"))
out["ev_limit"] = rows(session.execute("SELECT ck FROM ev WHERE pk = 'p1' LIMIT 2"))
out["ev_json"] = rows(session.execute("SELECT JSON pk, ck, v FROM ev WHERE pk = 'p2' AND ck = 1"))
session.execute("DELETE FROM ev WHERE pk = 'p2' AND ck >= 3")
out["ev_after_range_delete"] = rows(session.execute("SELECT ck FROM ev WHERE pk = 'p2'"))

# --- counters and batches ---
for _ in range(3):
    session.execute("UPDATE cnt SET c = c + 5 WHERE k = 'a'")
cb = BatchStatement(batch_type=BatchType.COUNTER)
cb.add(SimpleStatement("UPDATE cnt SET c = c - 1 WHERE k = 'a'"))
cb.add(SimpleStatement("UPDATE cnt SET c = c + 1 WHERE k = 'b'"))
session.execute(cb)
out["counters"] = rows(session.execute("SELECT * FROM cnt"))
session.execute("BEGIN BATCH INSERT INTO ev (pk, ck, v) VALUES ('b', 1, 'one'); UPDATE ev SET v = 'two' WHERE pk = 'b' AND ck = 2; APPLY BATCH")
ub = BatchStatement(batch_type=BatchType.UNLOGGED)
for i in range(3, 6):
    ub.add(pev, ("b", i, "n%d" % i))
ub.add(SimpleStatement("DELETE FROM ev WHERE pk = 'b' AND ck = 1"))
session.execute(ub)
out["batch"] = rows(session.execute("SELECT ck, v FROM ev WHERE pk = 'b'"))

# --- LWT ---
lwt = []
for q in ["INSERT INTO ev (pk, ck, v) VALUES ('l', 1, 'a') IF NOT EXISTS", "INSERT INTO ev (pk, ck, v) VALUES ('l', 1, 'b') IF NOT EXISTS",
          "UPDATE ev SET v = 'c' WHERE pk = 'l' AND ck = 1 IF v = 'a'", "UPDATE ev SET v = 'd' WHERE pk = 'l' AND ck = 1 IF v = 'a'",
          "UPDATE ev SET v = 'e' WHERE pk = 'l' AND ck = 9 IF EXISTS", "DELETE FROM ev WHERE pk = 'l' AND ck = 1 IF v IN ('x', 'c')"]:
    res = session.execute(q)
    lwt.append([res.was_applied, rows(res.current_rows)])
out["lwt"] = lwt

# --- paging ---
pp = session.prepare("INSERT INTO alltypes (id, t) VALUES (?, ?)")
from cassandra.concurrent import execute_concurrent_with_args
execute_concurrent_with_args(session, pp, [(i, "r%d" % i) for i in range(100, 2600)], concurrency=50)
rs = session.execute(SimpleStatement("SELECT id FROM alltypes", fetch_size=100))
pages = [len(rs.current_rows)]
ids = [r.id for r in rs.current_rows]
while rs.has_more_pages:
    rs.fetch_next_page()
    pages.append(len(rs.current_rows))
    ids.extend(r.id for r in rs.current_rows)
out["paging"] = {"pages": pages, "rows": len(ids), "distinct": len(set(ids)), "first": ids[:10], "last": ids[-10:]}
first = session.execute(SimpleStatement("SELECT id FROM alltypes", fetch_size=7))
resumed = session.execute(SimpleStatement("SELECT id FROM alltypes", fetch_size=7), paging_state=first.paging_state)
out["paging_state_resume"] = [r.id for r in first.current_rows] + [r.id for r in resumed.current_rows]
bound = session.prepare("SELECT id FROM alltypes WHERE token(id) > ?").bind([0])
bound.fetch_size = 50
out["paging_prepared"] = sum(1 for _ in session.execute(bound))

# --- errors with codes ---
errs = OrderedDict()
for name, q in [("syntax", "SELEC * FROM alltypes"), ("unknown_keyspace", "SELECT * FROM nope.t"), ("unknown_table", "SELECT * FROM conf.nope"),
                ("bad_type", "INSERT INTO alltypes (id, b) VALUES (1, 'x')"), ("missing_pk", "INSERT INTO alltypes (t) VALUES ('x')"),
                ("already_exists", "CREATE TABLE alltypes (id int PRIMARY KEY)"), ("already_exists_ks", "CREATE KEYSPACE conf WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"),
                ("filtering", "SELECT * FROM ev WHERE extra = 'x'"), ("counter_mix", "INSERT INTO cnt (k, c) VALUES ('x', 1)"),
                ("unknown_column", "SELECT nope FROM alltypes"), ("bad_batch", "BEGIN COUNTER BATCH INSERT INTO ev (pk, ck) VALUES ('x', 1); APPLY BATCH")]:
    try:
        session.execute(q)
        errs[name] = None
    except Exception as e:  # noqa: BLE001 - the point is to record whatever the server said
        errs[name] = error(e)
out["errors"] = errs

# --- DDL events pushed to the registered connection, and the driver's metadata refresh ---
session.execute("CREATE TABLE ddl_t (k int PRIMARY KEY)")
session.execute("ALTER TABLE ddl_t ADD v text")
session.execute("CREATE TYPE ddl_u (a int)")
session.execute("DROP TYPE ddl_u")
session.execute("TRUNCATE ddl_t")
session.execute("DROP TABLE ddl_t")
session.execute("CREATE KEYSPACE conf_tmp WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
out["metadata_sees_new_keyspace"] = "conf_tmp" in cluster.metadata.keyspaces
session.execute("DROP KEYSPACE conf_tmp")
deadline = time.time() + 30  # a bound, not a deadline: the loop ends at the last event
while time.time() < deadline:
    with events_lock:
        if any(e.get("change_type") == "DROPPED" and e.get("target_type") == "KEYSPACE" for e in events):
            break
    time.sleep(0.05)
with events_lock:
    out["events"] = [norm(e) for e in events]
out["metadata_after_drop"] = [k for k in sorted(cluster.metadata.keyspaces) if k.startswith("conf")]
watcher.close()
cluster.shutdown()
print(json.dumps(out, sort_keys=False, separators=(",", ":")))
