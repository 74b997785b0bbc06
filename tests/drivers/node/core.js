// Drives the embedded node with the DataStax Node.js driver (default settings: metadata sync on) and prints one
// JSON object with what it observed. Usage: node core.js PORT
'use strict';
const cassandra = require('cassandra-driver');
const { types } = cassandra;

async function main() {
  const port = parseInt(process.argv[2], 10);
  const client = new cassandra.Client({ contactPoints: ['127.0.0.1:' + port], localDataCenter: 'datacenter1' });
  await client.connect();
  const out = { protocol: client.controlConnection.protocolVersion };
  await client.execute("CREATE KEYSPACE IF NOT EXISTS nks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await client.execute('CREATE TABLE IF NOT EXISTS nks.items (cat text, id int, name text, price decimal, tags set<text>, attrs map<text, text>, at timestamp, uid uuid, PRIMARY KEY (cat, id))');
  const table = await client.metadata.getTable('nks', 'items');
  out.columns = table.columns.map(c => c.name + ':' + c.type.code);
  out.partitionKeys = table.partitionKeys.map(c => c.name);
  out.clusteringKeys = table.clusteringKeys.map(c => c.name);

  const insert = 'INSERT INTO nks.items (cat, id, name, price, tags, attrs, at, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';
  const uid = types.Uuid.random();
  for (let i = 0; i < 30; i++) {
    await client.execute(insert, ['c1', i, 'item' + i, types.BigDecimal.fromString('1.' + i), ['t' + (i % 3), 'all'], { k: 'v' + i },
      new Date(Date.UTC(2024, 0, 1, 0, 0, i)), uid], { prepare: true });
  }
  const one = await client.execute('SELECT * FROM nks.items WHERE cat = ? AND id = ?', ['c1', 7], { prepare: true });
  const r = one.first();
  out.row = { name: r.name, price: r.price.toString(), tags: r.tags, attrs: r.attrs, at: r.at.toISOString(), uid: r.uid.toString() === uid.toString() };
  // Unprepared query with parameters (the driver infers types from hints).
  const hinted = await client.execute('SELECT name FROM nks.items WHERE cat = ? AND id = ?', ['c1', 8], { hints: ['text', 'int'] });
  out.hinted = hinted.first().name;

  // Paging with the driver's auto-paging iterator and manual pageState.
  const seen = [];
  for await (const row of client.stream ? client.executeIterator?.('SELECT id FROM nks.items WHERE cat = ?', ['c1'], { prepare: true, fetchSize: 7 }) ?? [] : []) seen.push(row.id);
  if (seen.length === 0) {
    await new Promise((resolve, reject) => client.eachRow('SELECT id FROM nks.items WHERE cat = ?', ['c1'], { prepare: true, fetchSize: 7, autoPage: true },
      (n, row) => seen.push(row.id), err => err ? reject(err) : resolve()));
  }
  out.paged = seen;
  const page1 = await client.execute('SELECT id FROM nks.items WHERE cat = ?', ['c1'], { prepare: true, fetchSize: 10 });
  const page2 = await client.execute('SELECT id FROM nks.items WHERE cat = ?', ['c1'], { prepare: true, fetchSize: 10, pageState: page1.pageState });
  out.pages = [page1.rows.map(x => x.id), page2.rows.map(x => x.id)];

  // Batch and LWT.
  await client.batch([
    { query: 'UPDATE nks.items SET name = ? WHERE cat = ? AND id = ?', params: ['renamed', 'c1', 1] },
    { query: 'DELETE FROM nks.items WHERE cat = ? AND id = ?', params: ['c1', 2] },
  ], { prepare: true });
  const after = await client.execute('SELECT id, name FROM nks.items WHERE cat = ? AND id IN (1, 2)', ['c1'], { prepare: true });
  out.batch = after.rows.map(x => [x.id, x.name]);
  const lwt1 = await client.execute("INSERT INTO nks.items (cat, id, name) VALUES ('c2', 1, 'a') IF NOT EXISTS");
  const lwt2 = await client.execute("INSERT INTO nks.items (cat, id, name) VALUES ('c2', 1, 'b') IF NOT EXISTS");
  out.lwt = [lwt1.wasApplied(), lwt2.wasApplied(), lwt2.first().name];

  // Errors carry their codes.
  const errors = {};
  for (const [name, q] of [['syntax', 'SELECT FROM'], ['table', 'SELECT * FROM nks.missing'], ['keyspace', 'SELECT * FROM missing.t']]) {
    try { await client.execute(q); errors[name] = null; } catch (e) { errors[name] = [e.code, e.message]; }
  }
  out.errors = errors;
  await client.execute('DROP KEYSPACE nks');
  out.dropped = client.metadata.keyspaces.nks === undefined;
  await client.shutdown();
  console.log(JSON.stringify(out));
}

main().catch(e => { console.error(e && e.stack || e); process.exit(1); });
