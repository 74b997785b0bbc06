"""Tee and DualWrite through the proxy, with a second embedded node as the other cluster (see tests/.../Transforms/Mirroring)."""
from cassandra.query import BatchStatement
from transforms_common import keyspace, outcome, run


def rows(session, cql):
    return sorted([r.id, r.v] for r in session.execute(cql))


def tee(bed, out):
    # Stage: Tee {"upstream": second node, "mismatch": "FailOnMismatch"}.
    s = bed.proxy()
    keyspace(s, "m")
    s.execute("CREATE TABLE IF NOT EXISTS m.t (id int PRIMARY KEY, v text)")
    s.execute("INSERT INTO m.t (id, v) VALUES (1, 'simple')")
    insert = s.prepare("INSERT INTO m.t (id, v) VALUES (?, ?)")
    s.execute(insert, (2, "prepared"))
    batch = BatchStatement()
    batch.add(insert, (3, "batched"))
    batch.add("INSERT INTO m.t (id, v) VALUES (4, 'batched text')")
    s.execute(batch)
    s.execute("USE m")
    s.execute("INSERT INTO t (id, v) VALUES (5, 'after use')")
    out["client_rows"] = rows(s, "SELECT id, v FROM m.t")
    out["node_rows"] = rows(bed.node(), "SELECT id, v FROM m.t")
    secondary = bed.secondary()
    out["secondary_rows"] = rows(secondary, "SELECT id, v FROM m.t")
    # The clusters diverge behind the proxy's back: the next read that differs fails.
    secondary.execute("INSERT INTO m.t (id, v) VALUES (6, 'only on the secondary')")
    out["diverged_read"] = outcome(lambda: s.execute("SELECT id, v FROM m.t"))
    select = s.prepare("SELECT v FROM m.t WHERE id = ?")
    out["same_read"] = s.execute(select, (1,)).one().v


def tee_secondary(bed, out):
    # Stage: Tee {"upstream": second node, "resultSource": "Secondary"}: the client gets the second cluster's answers.
    s = bed.proxy()
    keyspace(s, "m")
    s.execute("CREATE TABLE IF NOT EXISTS m.t (id int PRIMARY KEY, v text)")
    insert = s.prepare("INSERT INTO m.t (id, v) VALUES (?, ?)")
    s.execute(insert, (1, "both"))
    bed.secondary().execute("INSERT INTO m.t (id, v) VALUES (2, 'secondary only')")
    bed.node().execute("INSERT INTO m.t (id, v) VALUES (3, 'primary only')")
    out["client_rows"] = rows(s, "SELECT id, v FROM m.t")
    select = s.prepare("SELECT id, v FROM m.t WHERE id = ?")
    out["prepared_secondary"] = [list(r) for r in s.execute(select, (2,))]
    out["prepared_primary"] = [list(r) for r in s.execute(select, (3,))]


def dual_write(bed, out):
    # Stage: DualWrite {"target": second node}; the target's schema is the migration's job, so it is made directly.
    target = bed.secondary()
    keyspace(target, "mig")
    target.execute("CREATE TABLE IF NOT EXISTS mig.t (id int PRIMARY KEY, v text)")
    s = bed.proxy()
    keyspace(s, "mig")
    s.execute("CREATE TABLE IF NOT EXISTS mig.t (id int PRIMARY KEY, v text)")
    s.execute("CREATE TABLE IF NOT EXISTS mig.origin_only (id int PRIMARY KEY, v text)")
    s.execute("INSERT INTO mig.t (id, v) VALUES (1, 'simple')")
    insert = s.prepare("INSERT INTO mig.t (id, v) VALUES (?, ?)")
    s.execute(insert, (2, "prepared"))
    batch = BatchStatement()
    batch.add(insert, (3, "batched"))
    s.execute(batch)
    out["origin_rows"] = rows(bed.node(), "SELECT id, v FROM mig.t")
    out["target_rows"] = rows(target, "SELECT id, v FROM mig.t")
    # Reads come from the origin only.
    target.execute("INSERT INTO mig.t (id, v) VALUES (9, 'target only')")
    out["client_rows"] = rows(s, "SELECT id, v FROM mig.t")
    # A write the target cannot take fails for the client (the clusters must not silently diverge).
    out["target_fails"] = outcome(lambda: s.execute("INSERT INTO mig.origin_only (id, v) VALUES (1, 'x')"))
    out["target_keyspaces"] = sorted(r.keyspace_name for r in target.execute("SELECT keyspace_name FROM system_schema.tables")
                                     if r.keyspace_name == "mig")


def over_tls(bed, out):
    # Stage: Tee or DualWrite with "tls" to a TLS-only second node. The driver speaks plain CQL to the proxy; the test
    # reads the second node itself over TLS (a plain driver session could not), and the target's schema is made there.
    s = bed.proxy()
    keyspace(s, "mtls")
    s.execute("CREATE TABLE IF NOT EXISTS mtls.t (id int PRIMARY KEY, v text)")
    s.execute("INSERT INTO mtls.t (id, v) VALUES (1, 'simple')")
    insert = s.prepare("INSERT INTO mtls.t (id, v) VALUES (?, ?)")
    s.execute(insert, (2, "prepared"))
    batch = BatchStatement()
    batch.add(insert, (3, "batched"))
    s.execute(batch)
    out["client_rows"] = rows(s, "SELECT id, v FROM mtls.t")
    out["node_rows"] = rows(bed.node(), "SELECT id, v FROM mtls.t")


run({"Tee": tee, "TeeSecondary": tee_secondary, "DualWrite": dual_write, "Tls": over_tls})
