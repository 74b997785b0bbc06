"""KeyspaceRewrite, ConsistencyOverride and PeersRewrite through the proxy (see tests/.../Transforms/Rewriting)."""
from cassandra import ConsistencyLevel
from cassandra.query import BatchStatement, SimpleStatement
from transforms_common import keyspace, outcome, run


def keyspace_rewrite(bed, out):
    # Stage: map {"app": "app_cluster"}. The client only ever says "app".
    s = bed.proxy()
    keyspace(s, "app")
    s.execute("CREATE TABLE IF NOT EXISTS app.users (id int PRIMARY KEY, name text)")
    s.execute("INSERT INTO app.users (id, name) VALUES (1, 'ann')")
    insert = s.prepare("INSERT INTO app.users (id, name) VALUES (?, ?)")
    s.execute(insert, (2, "bob"))
    batch = BatchStatement()
    batch.add("INSERT INTO app.users (id, name) VALUES (3, 'cy')")
    batch.add(insert, (4, "di"))
    s.execute(batch)
    out["client_rows"] = sorted([r.id, r.name] for r in s.execute("SELECT id, name FROM app.users"))
    select = s.prepare("SELECT id, name FROM app.users WHERE id = ?")
    out["prepared_keyspace"] = select.column_metadata[0].keyspace_name
    out["prepared_result_keyspace"] = select.result_metadata[0][0] if select.result_metadata else None
    out["prepared_row"] = list(s.execute(select, (2,)).one())
    s.execute("USE app")
    out["unqualified_rows"] = len(list(s.execute("SELECT id FROM users")))
    # What the cluster holds: the rows are in app_cluster, and there is no keyspace "app".
    n = bed.node()
    out["node_rows"] = sorted([r.id, r.name] for r in n.execute("SELECT id, name FROM app_cluster.users"))
    out["node_keyspaces"] = sorted(r.keyspace_name for r in n.execute("SELECT keyspace_name FROM system_schema.keyspaces")
                                   if r.keyspace_name.startswith("app"))


def consistency_override(bed, out):
    # Stages: ConsistencyOverride {"read": "LocalQuorum", "write": "All"}, then DebugPrinter (logs what reaches it).
    s = bed.proxy()
    keyspace(s, "co")
    s.execute("CREATE TABLE IF NOT EXISTS co.t (id int PRIMARY KEY, v int)")
    s.execute(SimpleStatement("INSERT INTO co.t (id, v) VALUES (1, 1)", consistency_level=ConsistencyLevel.ONE))
    insert = s.prepare("INSERT INTO co.t (id, v) VALUES (?, ?)")
    insert.consistency_level = ConsistencyLevel.TWO
    s.execute(insert, (2, 2))
    out["rows"] = len(list(s.execute(SimpleStatement("SELECT * FROM co.t", consistency_level=ConsistencyLevel.ONE))))


def peers_rewrite(bed, out):
    # The node advertises itself on its own port and one peer; the stage must point the driver at the proxy only.
    s = bed.proxy()
    local = s.execute("SELECT rpc_address, rpc_port FROM system.local").one()
    out["local"] = [str(local.rpc_address), local.rpc_port]
    out["peers"] = len(list(s.execute("SELECT peer FROM system.peers")))
    out["peers_v2"] = len(list(s.execute("SELECT peer FROM system.peers_v2")))
    out["hosts"] = sorted(str(h.endpoint) for h in s.cluster.metadata.all_hosts())
    direct = bed.node().execute("SELECT rpc_port FROM system.local").one()
    out["node_local_port"] = direct.rpc_port


run({"KeyspaceRewrite": keyspace_rewrite, "ConsistencyOverride": consistency_override, "PeersRewrite": peers_rewrite})
