"""
The proxy fleet as the Python driver sees it (tests/ScriptProxy.Host.Tests/Transforms/Rewriting/FleetThroughDriversTests.cs).
Usage: fleet.py PORT PROXIES [PROTOCOL [cluster]] (PROTOCOL 4: v4 with the default compression, so events come
compressed; 0: negotiated). "cluster": the proxies are in front of a 3-node embedded cluster, each on the cluster sink
with every node as a contact point: every row is read back through every proxy, then k = -1 is written to tell the
test bed to start churning a 4th node. Proxies listen on 127.0.0.1..N:PORT, each running PeersRewrite with the fleet,
otherwise in front of one embedded node, which publishes a STATUS_CHANGE DOWN and a TOPOLOGY_CHANGE REMOVED_NODE of a real node (10.0.0.99)
over and over. Default metadata sync and TokenAwarePolicy; prints one JSON object with what the driver saw.
"""
import json
import sys
import time
from cassandra.cluster import Cluster
from ci_timeouts import generous
from cassandra.policies import DCAwareRoundRobinPolicy, TokenAwarePolicy

RING = 2 ** 64


def main():
    port, proxies = int(sys.argv[1]), int(sys.argv[2])
    options = {"protocol_version": int(sys.argv[3])} if len(sys.argv) > 3 and sys.argv[3] != "0" else {}
    cluster_mode = len(sys.argv) > 4 and sys.argv[4] == "cluster"
    cluster = Cluster(["127.0.0.1"], port=port, load_balancing_policy=TokenAwarePolicy(DCAwareRoundRobinPolicy()), **generous(**options))
    session = cluster.connect()
    out = {"protocol": cluster.protocol_version, "compression": cluster.control_connection._connection.compressor is not None}

    # Record every TOPOLOGY/STATUS event the control connection receives, then let the driver handle it as usual.
    events = set()
    cc = cluster.control_connection
    for kind, name in (("STATUS_CHANGE", "_handle_status_change"), ("TOPOLOGY_CHANGE", "_handle_topology_change")):
        original = getattr(cc, name)

        def record(event, kind=kind, original=original):
            events.add((kind, event["change_type"], event["address"][0], event["address"][1]))
            original(event)
        setattr(cc, name, record)

    hosts = list(cluster.metadata.all_hosts())
    # connect() returns once the first pool is open; the others open in the background, and a query pinned to a
    # host whose pool is not there yet fails with "marked down or removed". Wait for every pool.
    deadline = time.time() + 60
    while time.time() < deadline and len(session.get_pool_state()) < len(hosts):
        time.sleep(0.05)
    out["hosts"] = sorted(str(h.endpoint) for h in hosts)

    # Token ownership: every token belongs to a proxy, and each proxy's ranges add up to its share of the ring.
    token_map = cluster.metadata.token_map
    ring = token_map.ring
    out["ring_tokens"] = len(ring)
    share = {}
    for i, token in enumerate(ring):
        owner = str(token_map.token_to_host_owner[token].endpoint)
        nxt = ring[i + 1].value if i + 1 < len(ring) else ring[0].value + RING
        share[owner] = share.get(owner, 0) + (nxt - token.value)
    out["share"] = {h: round(s / RING, 4) for h, s in sorted(share.items())}

    # Each proxy answers as itself, and every query through every proxy succeeds.
    out["local_by_host"] = {str(h.endpoint): str(session.execute("SELECT rpc_address FROM system.local", host=h).one().rpc_address)
                            for h in hosts}
    session.execute("CREATE KEYSPACE IF NOT EXISTS fleet WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
    session.execute("CREATE TABLE IF NOT EXISTS fleet.kv (k int PRIMARY KEY, v text)")
    out["schema_agreement"] = cc.wait_for_schema_agreement()
    insert = session.prepare("INSERT INTO fleet.kv (k, v) VALUES (?, ?)")
    coordinators, token_aware = {}, 0
    for k in range(90):
        bound = insert.bind((k, str(k)))
        replica = cluster.metadata.get_replicas("fleet", bound.routing_key)[0]
        future = session.execute_async(bound)
        future.result()
        coordinator = str(getattr(future.coordinator_host, "endpoint", future.coordinator_host))
        coordinators[coordinator] = coordinators.get(coordinator, 0) + 1
        token_aware += coordinator == str(replica.endpoint)
    out["coordinators"] = dict(sorted(coordinators.items()))
    out["token_aware"] = token_aware
    if not cluster_mode:
        out["rows"] = session.execute("SELECT count(*) FROM fleet.kv").one()[0]
        for h in hosts:
            assert session.execute("SELECT v FROM fleet.kv WHERE k = 7", host=h).one().v == "7"
    else:
        # Each proxy routes every key to its owning node, whichever proxy wrote it.
        select = session.prepare("SELECT v FROM fleet.kv WHERE k = ?")
        out["read_back"] = {str(h.endpoint): sum(1 for k in range(90) if (row := session.execute(select, (k,), host=h).one()) is not None and row.v == str(k))
                            for h in hosts}
        session.execute("INSERT INTO fleet.kv (k, v) VALUES (-1, 'done')")

    # Upstream events arrive rewritten (the node keeps publishing); give the driver time to act on them.
    deadline = time.time() + 60
    while time.time() < deadline and len({e[0] for e in events}) < 2:
        time.sleep(0.1)
    time.sleep(3)  # the driver's own event windows (status_event_refresh_window etc.) are ~2 s
    out["events"] = sorted(list(e) for e in events)
    out["up_after_events"] = sorted(str(h.endpoint) for h in cluster.metadata.all_hosts() if h.is_up)
    out["hosts_after_events"] = sorted(str(h.endpoint) for h in cluster.metadata.all_hosts())
    cluster.shutdown()
    print(json.dumps(out))


main()
