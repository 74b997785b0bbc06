"""QueryCounter through the proxy (see tests/.../Transforms/Observability)."""
from cassandra.query import BatchStatement
from transforms_common import keyspace, run


def query_counter(bed, out):
    # Stage: QueryCounter. Known traffic on qc.*; the driver's own system reads are counted under system*.
    s = bed.proxy()
    keyspace(s, "qc")
    s.execute("CREATE TABLE IF NOT EXISTS qc.a (id int PRIMARY KEY, v int)")
    s.execute("CREATE TABLE IF NOT EXISTS qc.b (id int PRIMARY KEY, v int)")
    insert = s.prepare("INSERT INTO qc.a (id, v) VALUES (?, ?)")
    for i in range(7):
        s.execute(insert, (i, i))
    for i in range(3):
        s.execute("INSERT INTO qc.b (id, v) VALUES (%d, 0)" % i)
    batch = BatchStatement()
    batch.add(insert, (100, 1))
    batch.add("INSERT INTO qc.a (id, v) VALUES (101, 1)")
    s.execute(batch)
    select = s.prepare("SELECT v FROM qc.a WHERE id = ?")
    for i in range(5):
        s.execute(select, (i,))
    for _ in range(4):
        list(s.execute("SELECT * FROM qc.b"))
    try:
        s.execute("SELECT nope FROM qc.b")
    except Exception:  # noqa: BLE001 - an error the counter must count
        out["error_seen"] = True


run({"QueryCounter": query_counter})
