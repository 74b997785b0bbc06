"""NullSink, DebugReturner, DebugPrinter and Coalesce through the proxy (see tests/.../Transforms/Debugging)."""
import time
from cassandra.concurrent import execute_concurrent_with_args
from transforms_common import keyspace, outcome, run


def null_sink(bed, out):
    # The schema exists on the node (NullSink swallows schema changes too); the driver still connects and prepares.
    n = bed.node()
    keyspace(n, "sink")
    n.execute("CREATE TABLE IF NOT EXISTS sink.t (id int PRIMARY KEY, v text)")
    n.execute("INSERT INTO sink.t (id, v) VALUES (0, 'on the node')")
    s = bed.proxy()
    out["hosts"] = len(s.cluster.metadata.all_hosts())
    out["simple_insert"] = outcome(lambda: s.execute("INSERT INTO sink.t (id, v) VALUES (1, 'a')"))
    insert = s.prepare("INSERT INTO sink.t (id, v) VALUES (?, ?)")
    out["prepared_insert"] = outcome(lambda: s.execute(insert, (2, "b")))
    out["simple_read"] = len(list(s.execute("SELECT * FROM sink.t")))
    select = s.prepare("SELECT v FROM sink.t WHERE id = ?")
    out["prepared_read"] = len(list(s.execute(select, (0,))))
    out["node_rows"] = sorted(r.id for r in n.execute("SELECT id FROM sink.t"))


def debug_returner(bed, out):
    # Stage: DebugReturner answers "FROM fake.users" with two rows; a second one answers "FROM fake.busy" with Overloaded.
    s = bed.proxy()
    out["fake_rows"] = [list(r) for r in s.execute("SELECT id, name FROM fake.users")]
    out["busy"] = outcome(lambda: s.execute("SELECT * FROM fake.busy"))
    out["real"] = s.execute("SELECT release_version FROM system.local").one().release_version


def debug_printer(bed, out):
    s = bed.proxy()
    keyspace(s, "dbg")
    s.execute("CREATE TABLE IF NOT EXISTS dbg.t (id int PRIMARY KEY, v text)")
    s.execute("INSERT INTO dbg.t (id, v) VALUES (1, 'printed')")
    out["missing_table"] = outcome(lambda: s.execute("SELECT * FROM dbg.nope"))
    out["rows"] = len(list(s.execute("SELECT * FROM dbg.t")))


def coalesce(bed, out):
    # Stage: Coalesce {"flushWhenBuffered": 8, "flushWhenMillisSinceLastFlush": 20}: 100 concurrent writes, all land.
    s = bed.proxy()
    keyspace(s, "co")
    s.execute("CREATE TABLE IF NOT EXISTS co.events (id int PRIMARY KEY, v int)")
    insert = s.prepare("INSERT INTO co.events (id, v) VALUES (?, ?)")
    start = time.monotonic()
    results = execute_concurrent_with_args(s, insert, [(i, i * 2) for i in range(100)], concurrency=32, raise_on_first_error=False)
    out["seconds"] = time.monotonic() - start
    out["failed"] = [str(r.result_or_exc) for r in results if not r.success]
    out["single"] = s.execute("SELECT v FROM co.events WHERE id = 21").one().v
    out["node_rows"] = len(list(bed.node().execute("SELECT id FROM co.events")))


run({"NullSink": null_sink, "DebugReturner": debug_returner, "DebugPrinter": debug_printer, "Coalesce": coalesce})
