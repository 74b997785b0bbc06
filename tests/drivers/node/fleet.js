// The proxy fleet as the Node.js driver sees it (tests/ScriptProxy.Host.Tests/Transforms/Rewriting/FleetThroughDriversTests.cs).
// Usage: node fleet.js PORT [cluster] ("cluster": in front of a 3-node embedded cluster, every proxy on the cluster sink
// with all nodes as contact points: every row is read back through every proxy, then k = -1 is written to tell the test
// bed to start churning a 4th node). Proxies listen on 127.0.0.1..N:PORT with PeersRewrite in front of one embedded node that keeps
// publishing STATUS_CHANGE DOWN / TOPOLOGY_CHANGE REMOVED_NODE of a real node (10.0.0.99). Default settings (metadata
// sync on, token-aware); prints one JSON object with what the driver saw.
'use strict';
const cassandra = require('cassandra-driver');

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

async function main() {
  const port = parseInt(process.argv[2], 10);
  const clusterMode = process.argv[3] === 'cluster';
  const client = new cassandra.Client({ contactPoints: ['127.0.0.1'], protocolOptions: { port }, localDataCenter: 'datacenter1' });
  await client.connect();
  const out = { protocol: client.controlConnection.protocolVersion };

  const events = new Set();
  const record = kind => e => events.add(JSON.stringify([kind, kind === 'STATUS_CHANGE' ? (e.up ? 'UP' : 'DOWN') : (e.added ? 'NEW_NODE' : 'REMOVED_NODE'),
    e.inet.address.toString(), e.inet.port]));
  client.controlConnection.connection.on('nodeStatusChange', record('STATUS_CHANGE'));
  client.controlConnection.connection.on('nodeTopologyChange', record('TOPOLOGY_CHANGE'));

  const hosts = client.hosts.values();
  out.hosts = client.hosts.keys().sort();

  // Token ownership from the driver's ring: each token's range up to the next belongs to its primary replica.
  const ring = client.metadata.ring;
  out.ringTokens = ring.length;
  const RING = 2n ** 64n;
  const share = {};
  for (let i = 0; i < ring.length; i++) {
    const owner = client.metadata.primaryReplicas[client.metadata.ringTokensAsStrings[i]].address;
    const start = BigInt(ring[i].getValue().toString());
    const next = i + 1 < ring.length ? BigInt(ring[i + 1].getValue().toString()) : BigInt(ring[0].getValue().toString()) + RING;
    share[owner] = (share[owner] || 0n) + (next - start);
  }
  out.share = Object.fromEntries(Object.keys(share).sort().map(h => [h, Math.round(Number(share[h] * 10000n / RING)) / 10000]));

  out.localByHost = {};
  for (const h of hosts) {
    const rs = await client.execute('SELECT rpc_address FROM system.local', [], { host: h });
    out.localByHost[h.address] = rs.first().rpc_address.toString();
  }
  await client.execute("CREATE KEYSPACE IF NOT EXISTS nfleet WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE IF NOT EXISTS nfleet.kv (k int PRIMARY KEY, v text)');
  const coordinators = {};
  for (let k = 0; k < 90; k++) {
    const rs = await client.execute('INSERT INTO nfleet.kv (k, v) VALUES (?, ?)', [k, String(k)], { prepare: true });
    const c = rs.info.queriedHost;
    coordinators[c] = (coordinators[c] || 0) + 1;
  }
  out.coordinators = Object.fromEntries(Object.keys(coordinators).sort().map(h => [h, coordinators[h]]));
  for (const h of clusterMode ? [] : hosts) {
    const rs = await client.execute('SELECT v FROM nfleet.kv WHERE k = 7', [], { host: h });
    if (rs.first().v !== '7') throw new Error('wrong row through ' + h.address);
  }
  if (clusterMode) {
    // Each proxy routes every key to its owning node, whichever proxy wrote it.
    out.readBack = {};
    for (const h of hosts) {
      let found = 0;
      for (let k = 0; k < 90; k++) {
        const row = (await client.execute('SELECT v FROM nfleet.kv WHERE k = ?', [k], { prepare: true, host: h })).first();
        if (row && row.v === String(k)) found++;
      }
      out.readBack[h.address] = found;
    }
    await client.execute("INSERT INTO nfleet.kv (k, v) VALUES (-1, 'done')");
  }

  const deadline = Date.now() + 60000;
  while (Date.now() < deadline && new Set([...events].map(e => JSON.parse(e)[0])).size < 2) await sleep(100);
  await sleep(3000); // the driver refreshes hosts ~1 s after a topology event
  out.events = [...events].map(e => JSON.parse(e)).sort();
  out.hostsAfterEvents = client.hosts.keys().sort();
  out.upAfterEvents = client.hosts.values().filter(h => h.isUp()).map(h => h.address).sort();
  await client.shutdown();
  console.log(JSON.stringify(out));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
