"""Cache through the proxy (see tests/.../Transforms/Caching)."""
from cassandra.query import BatchStatement
from transforms_common import keyspace, run


def cache(bed, out):
    # Stage: Cache {"tables": {"kv.items": ["k"]}}. The test reads the stage's counters between steps via the output.
    s = bed.proxy()
    keyspace(s, "kv")
    s.execute("CREATE TABLE IF NOT EXISTS kv.items (k int PRIMARY KEY, v text)")
    s.execute("INSERT INTO kv.items (k, v) VALUES (1, 'one')")
    select = s.prepare("SELECT v FROM kv.items WHERE k = ?")
    reads = [s.execute(select, (1,)).one().v for _ in range(3)]              # miss, hit, hit
    bed.node().execute("UPDATE kv.items SET v = 'behind the proxy' WHERE k = 1")
    reads.append(s.execute(select, (1,)).one().v)                            # hit: a write the proxy did not see
    s.execute("UPDATE kv.items SET v = 'uno' WHERE k = 1")                     # invalidates
    reads.append(s.execute(select, (1,)).one().v)                            # miss: the new value
    reads.append(s.execute("SELECT v FROM kv.items WHERE k = 1").one().v)   # miss (other text), then cached
    reads.append(s.execute("SELECT v FROM kv.items WHERE k = 1").one().v)   # hit
    update = s.prepare("UPDATE kv.items SET v = ? WHERE k = ?")
    batch = BatchStatement()
    batch.add(update, ("eins", 1))
    s.execute(batch)                                                         # invalidates
    reads.append(s.execute(select, (1,)).one().v)                            # miss
    out["reads"] = reads


run({"Cache": cache})
