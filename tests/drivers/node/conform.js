// Conformance scenario for the DataStax Node.js driver. Runs the same statements against whatever listens on PORT (the
// embedded node directly, or the proxy in front of it) and prints ONE normalized JSON document: values that differ run
// to run (timeuuids, writetimes, ports) are replaced by stable markers, so two runs against equivalent servers print
// identical documents. Usage: node conform.js PORT [PROTOCOL_VERSION|default]
'use strict';
const cassandra = require('cassandra-driver');
const { types } = cassandra;

function norm(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v : String(v);
  if (v instanceof types.TimeUuid) return '<timeuuid>';
  if (Buffer.isBuffer(v)) return '0x' + v.toString('hex');
  if (v instanceof Date) return v.toISOString();
  if (v instanceof types.Tuple) return v.values().map(norm);
  if (v instanceof types.Row) return Object.fromEntries(Object.keys(v).map(k => [k, norm(v[k])]));
  if (Array.isArray(v)) return v.map(norm);
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => [norm(k), norm(x)]).sort(byJson);
  if (v instanceof Set) return [...v].map(norm).sort(byJson);
  if (v.constructor === Object) return Object.keys(v).sort().map(k => [k, norm(v[k])]);
  return v.toString(); // Long, BigDecimal, Integer, LocalDate, LocalTime, Duration, InetAddress, Uuid
}

function byJson(a, b) {
  const x = JSON.stringify(a), y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const rows = rs => rs.rows.map(norm);
const error = e => ({ name: e.name, code: e.code === undefined ? null : e.code, message: e.message });

async function main() {
  const port = parseInt(process.argv[2], 10);
  const options = { contactPoints: ['127.0.0.1:' + port], localDataCenter: 'datacenter1' };
  if (process.argv[3] && process.argv[3] !== 'default') options.protocolOptions = { maxVersion: parseInt(process.argv[3], 10) };
  const client = new cassandra.Client(options);
  await client.connect();
  const out = { protocol: client.controlConnection.protocolVersion };
  const events = [];
  client.controlConnection.connection.on('nodeSchemaChange', e => events.push(norm({ ...e })));
  const q = (cql, params, opts) => client.execute(cql, params || [], opts || {});
  const p = (cql, params, opts) => client.execute(cql, params || [], { prepare: true, ...(opts || {}) });

  // --- schema ---
  await q("CREATE KEYSPACE nconf WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await q('CREATE TYPE nconf.pt (x int, y int, label text)');
  await q(`CREATE TABLE nconf.alltypes (id int PRIMARY KEY, a ascii, b bigint, bl blob, bo boolean, d date, de decimal, db double,
    du duration, f float, i inet, s smallint, t text, tm time, ts timestamp, tu timeuuid, ti tinyint, u uuid, vi varint)`);
  await q(`CREATE TABLE nconf.colls (id int PRIMARY KEY, l list<int>, st set<text>, m map<text, int>, tup tuple<int, text>,
    pt frozen<pt>, pts list<frozen<pt>>)`);
  await q('CREATE TABLE nconf.ev (pk text, ck int, v text, s int static, PRIMARY KEY (pk, ck)) WITH CLUSTERING ORDER BY (ck DESC)');
  await q('CREATE TABLE nconf.cnt (k text PRIMARY KEY, c counter)');
  const schema = {};
  for (const name of ['alltypes', 'colls', 'ev', 'cnt']) {
    const t = await client.metadata.getTable('nconf', name);
    schema[name] = { columns: t.columns.map(c => [c.name, c.type.code]), pk: t.partitionKeys.map(c => c.name), ck: t.clusteringKeys.map(c => c.name) };
  }
  out.schema = schema;
  const udt = await client.metadata.getUdt('nconf', 'pt');
  out.udt = udt.fields.map(f => [f.name, f.type.code]);

  // --- CRUD on every type ---
  await q(`INSERT INTO nconf.alltypes (id, a, b, bl, bo, d, de, db, du, f, i, s, t, tm, ts, tu, ti, u, vi) VALUES
    (1, 'asc', -9223372036854775808, 0x00ff, true, '1970-01-01', -1.50E-3, 1.5, 1mo2d3ns, 2.5, '2001:db8::1', -32768, 'hé ''q''',
    '23:59:59.999999999', '1969-12-31T23:59:59.999Z', now(), 127, 00000000-0000-4000-8000-000000000001, -170141183460469231731687303715884105728)`);
  await p('INSERT INTO nconf.alltypes (id, a, b, bl, bo, d, de, db, du, f, i, s, t, tm, ts, tu, ti, u, vi) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [2, '', types.Long.fromString('42'), Buffer.from([]), false, types.LocalDate.fromString('2038-01-19'), types.BigDecimal.fromString('1E+10'),
      -Infinity, new types.Duration(-1, -2, types.Long.fromNumber(-3)), 0.5, types.InetAddress.fromString('127.0.0.1'), 0, '',
      types.LocalTime.fromString('00:00:00'), new Date(Date.UTC(2262, 3, 11, 23, 47, 16, 854)), types.TimeUuid.now(), -128,
      types.Uuid.fromString('6ba7b810-9dad-11d1-80b4-00c04fd430c8'), types.Integer.fromString('0')]);
  await p('INSERT INTO nconf.alltypes (id) VALUES (?)', [3]);
  out.alltypes = rows(await q('SELECT * FROM nconf.alltypes'));
  await q("UPDATE nconf.alltypes SET t = 'updated' WHERE id = 1");
  await q('DELETE bl, bo FROM nconf.alltypes WHERE id = 1');
  await p('DELETE FROM nconf.alltypes WHERE id = ?', [2]);
  out.afterUpdateDelete = rows(await q('SELECT id, t, bl, bo FROM nconf.alltypes'));

  // --- collections and UDTs ---
  await q(`INSERT INTO nconf.colls (id, l, st, m, tup, pt, pts) VALUES (1, [1, 2], {'b', 'a'}, {'x': 1}, (1, 'one'),
    {x: 1, y: 2, label: 'p'}, [{x: 3, y: 4, label: null}])`);
  await q("UPDATE nconf.colls SET l = l + [3], st = st + {'c'}, m['y'] = 2 WHERE id = 1");
  await q("UPDATE nconf.colls SET l = [0] + l, st = st - {'a'}, m = m - {'x'} WHERE id = 1");
  await p('INSERT INTO nconf.colls (id, l, st, m, tup, pt) VALUES (?, ?, ?, ?, ?, ?)',
    [2, [5, 5], ['z'], { k: -1 }, new types.Tuple(2, 'two'), { x: 9, y: 8, label: 'q' }]);
  out.colls = rows(await q('SELECT * FROM nconf.colls'));

  // --- prepared metadata, clustering, static, aggregates ---
  for (const pk of ['p1', 'p2']) {
    for (let i = 0; i < 6; i++) await p('INSERT INTO nconf.ev (pk, ck, v) VALUES (?, ?, ?)', [pk, i, 'v' + (i % 3)]);
  }
  await q("UPDATE nconf.ev SET s = 7 WHERE pk = 'p1'");
  out.evAll = rows(await q('SELECT * FROM nconf.ev'));
  const range = await p('SELECT ck FROM nconf.ev WHERE pk = ? AND ck > ? AND ck <= ? ORDER BY ck ASC', ['p1', 1, 4]);
  out.evRange = { rows: rows(range), columns: range.columns.map(c => [c.name, c.type.code]) };
  out.evAgg = rows(await q("SELECT count(*), min(ck), max(ck), sum(ck) FROM nconf.ev WHERE pk = 'p2'"));
  out.evFiltered = rows(await q("SELECT pk, ck FROM nconf.ev WHERE v = 'v1' ALLOW FILTERING"));

  // --- counters and batches ---
  for (let i = 0; i < 3; i++) await q("UPDATE nconf.cnt SET c = c + 5 WHERE k = 'a'");
  await client.batch([{ query: "UPDATE nconf.cnt SET c = c - 1 WHERE k = 'a'" }, { query: "UPDATE nconf.cnt SET c = c + 1 WHERE k = 'b'" }], { counter: true });
  out.counters = rows(await q('SELECT * FROM nconf.cnt'));
  await client.batch([
    { query: 'INSERT INTO nconf.ev (pk, ck, v) VALUES (?, ?, ?)', params: ['b', 1, 'one'] },
    { query: 'INSERT INTO nconf.ev (pk, ck, v) VALUES (?, ?, ?)', params: ['b', 2, 'two'] },
    { query: "DELETE FROM nconf.ev WHERE pk = 'b' AND ck = 1" },
  ], { prepare: true, logged: false });
  out.batch = rows(await q("SELECT ck, v FROM nconf.ev WHERE pk = 'b'"));

  // --- LWT ---
  out.lwt = [];
  for (const cql of ["INSERT INTO nconf.ev (pk, ck, v) VALUES ('l', 1, 'a') IF NOT EXISTS", "INSERT INTO nconf.ev (pk, ck, v) VALUES ('l', 1, 'b') IF NOT EXISTS",
    "UPDATE nconf.ev SET v = 'c' WHERE pk = 'l' AND ck = 1 IF v = 'a'", "UPDATE nconf.ev SET v = 'd' WHERE pk = 'l' AND ck = 1 IF v = 'a'"]) {
    const rs = await q(cql);
    out.lwt.push([rs.wasApplied(), rows(rs)]);
  }

  // --- paging: manual page states and the driver's auto-paging ---
  for (let start = 100; start < 1300; start += 100) {
    await Promise.all(Array.from({ length: 100 }, (_, i) => p('INSERT INTO nconf.alltypes (id, t) VALUES (?, ?)', [start + i, 'r' + (start + i)])));
  }
  const pages = [];
  const ids = [];
  let pageState;
  do {
    const rs = await q('SELECT id FROM nconf.alltypes', [], { fetchSize: 100, pageState });
    pages.push(rs.rowLength);
    rs.rows.forEach(r => ids.push(r.id));
    pageState = rs.pageState;
  } while (pageState);
  out.paging = { pages, rows: ids.length, distinct: new Set(ids).size, first: ids.slice(0, 10), last: ids.slice(-10) };
  let auto = 0;
  await new Promise((resolve, reject) => client.eachRow('SELECT id FROM nconf.alltypes WHERE token(id) > ?', [0], { prepare: true, autoPage: true, fetchSize: 50 },
    () => { auto++; }, err => (err ? reject(err) : resolve())));
  out.autoPaged = auto;

  // --- errors with codes ---
  out.errors = {};
  for (const [name, cql] of [['syntax', 'SELEC * FROM nconf.alltypes'], ['unknownKeyspace', 'SELECT * FROM nope.t'], ['unknownTable', 'SELECT * FROM nconf.nope'],
    ['badType', "INSERT INTO nconf.alltypes (id, b) VALUES (1, 'x')"], ['alreadyExists', 'CREATE TABLE nconf.alltypes (id int PRIMARY KEY)'],
    ['filtering', "SELECT * FROM nconf.ev WHERE v = 'x'"], ['counterMix', "INSERT INTO nconf.cnt (k, c) VALUES ('x', 1)"]]) {
    try {
      await q(cql);
      out.errors[name] = null;
    } catch (e) {
      out.errors[name] = error(e);
    }
  }

  // --- DDL events on the driver's control connection ---
  await q('CREATE TABLE nconf.ddl_t (k int PRIMARY KEY)');
  await q('ALTER TABLE nconf.ddl_t ADD v text');
  await q('DROP TABLE nconf.ddl_t');
  await q("CREATE KEYSPACE nconf_tmp WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
  await q('DROP KEYSPACE nconf_tmp');
  const deadline = Date.now() + 30000; // a bound, not a deadline: the loop ends at the last event
  while (Date.now() < deadline && !events.some(e => JSON.stringify(e).includes('nconf_tmp') && JSON.stringify(e).includes('DROPPED'))) {
    await new Promise(r => setTimeout(r, 50));
  }
  out.events = events;
  out.keyspaces = Object.keys(client.metadata.keyspaces).filter(k => k.startsWith('nconf')).sort();
  await client.shutdown();
  console.log(JSON.stringify(out));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
