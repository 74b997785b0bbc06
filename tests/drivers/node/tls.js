// Connects to the proxy over TLS with the DataStax Node.js driver (default settings, metadata sync on),
// verifying the proxy's certificate against a CA file (and its IP SAN 127.0.0.1), runs a small read/write
// scenario and prints one JSON object. Usage: node tls.js PORT CA_PEM
'use strict';
const fs = require('fs');
const cassandra = require('cassandra-driver');

async function main() {
  const port = parseInt(process.argv[2], 10);
  const ca = fs.readFileSync(process.argv[3]);
  const client = new cassandra.Client({
    contactPoints: ['127.0.0.1:' + port],
    localDataCenter: 'datacenter1',
    sslOptions: { ca: [ca], rejectUnauthorized: true },
  });
  await client.connect();
  const out = { protocol: client.controlConnection.protocolVersion };
  await client.execute("CREATE KEYSPACE IF NOT EXISTS tlsjs WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE IF NOT EXISTS tlsjs.kv (k int PRIMARY KEY, v text)');
  for (let i = 0; i < 30; i++) {
    await client.execute('INSERT INTO tlsjs.kv (k, v) VALUES (?, ?)', [i, 'v' + i], { prepare: true });
  }
  const rows = (await client.execute('SELECT k, v FROM tlsjs.kv')).rows;
  out.rows = rows.length;
  out.v7 = (await client.execute('SELECT v FROM tlsjs.kv WHERE k = ?', [7], { prepare: true })).first().v;
  const ks = await client.metadata.getTable('tlsjs', 'kv');
  out.columns = ks.columns.map(c => c.name).sort();
  await client.shutdown();
  console.log(JSON.stringify(out));
}

main().catch(err => { console.error(err && err.stack || err); process.exit(1); });
