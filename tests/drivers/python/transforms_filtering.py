"""
QueryTypeFilter through the proxy (see QueryTypeFilterTests). Stages: deny Write on keyspace "locked" with checkPrepare
false, and deny SchemaChange on table "locked.frozen".
"""
from cassandra.query import BatchStatement
from transforms_common import keyspace, outcome, run


def query_type_filter(bed, out):
    s = bed.proxy()
    out["protocol"] = s.cluster.protocol_version
    for ks in ("locked", "open"):
        keyspace(s, ks)  # schema changes are not denied
        s.execute("CREATE TABLE IF NOT EXISTS %s.t (id int PRIMARY KEY, v text)" % ks)
    bed.node().execute("INSERT INTO locked.t (id, v) VALUES (100, 'seeded')")
    out["frozen_create"] = outcome(lambda: s.execute("CREATE TABLE IF NOT EXISTS locked.frozen (id int PRIMARY KEY)"))

    # The acceptance test: a prepared INSERT is a Write when executed, whatever its text looked like at PREPARE.
    locked_insert = s.prepare("INSERT INTO locked.t (id, v) VALUES (?, ?)")
    out["locked_prepared_insert"] = outcome(lambda: s.execute(locked_insert, (1, "a")))
    out["locked_simple_insert"] = outcome(lambda: s.execute("INSERT INTO locked.t (id, v) VALUES (2, 'b')"))
    out["locked_update"] = outcome(lambda: s.execute("UPDATE locked.t SET v = 'c' WHERE id = 100"))
    locked_batch = BatchStatement()
    locked_batch.add("INSERT INTO open.t (id, v) VALUES (3, 'c')")
    locked_batch.add(locked_insert, (4, "d"))
    out["locked_batch"] = outcome(lambda: s.execute(locked_batch))
    out["locked_rows"] = sorted([r.id, r.v] for r in s.execute("SELECT id, v FROM locked.t"))

    # Everything else passes: writes elsewhere (simple, prepared, batch) and reads.
    out["open_simple_insert"] = outcome(lambda: s.execute("INSERT INTO open.t (id, v) VALUES (1, 'x')"))
    open_insert = s.prepare("INSERT INTO open.t (id, v) VALUES (?, ?)")
    out["open_prepared_insert"] = outcome(lambda: s.execute(open_insert, (2, "y")))
    batch = BatchStatement()
    batch.add("INSERT INTO open.t (id, v) VALUES (5, 'z')")
    batch.add(open_insert, (6, "w"))
    out["open_batch"] = outcome(lambda: s.execute(batch))
    select = s.prepare("SELECT v FROM locked.t WHERE id = ?")
    out["locked_prepared_read"] = s.execute(select, (100,)).one().v
    out["open_rows"] = sorted([r.id, r.v] for r in s.execute("SELECT id, v FROM open.t"))
    out["node_locked_rows"] = sorted([r.id, r.v] for r in bed.node().execute("SELECT id, v FROM locked.t"))


run({"QueryTypeFilter": query_type_filter})
