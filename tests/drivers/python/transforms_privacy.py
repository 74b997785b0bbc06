"""Redact and Protect through the proxy (see tests/.../Transforms/Privacy)."""
import datetime
import decimal
import ipaddress
import uuid
from cassandra.query import BatchStatement
from cassandra.util import Date, Time
from transforms_common import keyspace, run


def redact(bed, out):
    # Stage: Redact {"columns": ["pii.users.ssn", "pii.users.age"], "mask": "***", "keepLast": 2}.
    s = bed.proxy()
    keyspace(s, "pii")
    s.execute("CREATE TABLE IF NOT EXISTS pii.users (id int PRIMARY KEY, name text, ssn text, age int)")
    s.execute("INSERT INTO pii.users (id, name, ssn, age) VALUES (1, 'ann', '123-45-6789', 41)")
    out["simple"] = [list(r) for r in s.execute("SELECT id, name, ssn, age FROM pii.users")]
    select = s.prepare("SELECT name, ssn, age FROM pii.users WHERE id = ?")
    out["prepared"] = list(s.execute(select, (1,)).one())
    out["node"] = list(bed.node().execute("SELECT name, ssn, age FROM pii.users WHERE id = 1").one())


# (column, CQL type, a value, how the value is shown in JSON)
VALUES = [
    ("c_ascii", "ascii", "plain-ascii"),
    ("c_bigint", "bigint", 9007199254740993),
    ("c_blob", "blob", b"\x00\x01binary"),
    ("c_boolean", "boolean", True),
    ("c_date", "date", Date(datetime.date(2024, 2, 29))),
    ("c_decimal", "decimal", decimal.Decimal("12345.6789")),
    ("c_double", "double", 3.141592653589793),
    ("c_float", "float", 1.5),
    ("c_inet", "inet", "10.1.2.3"),
    ("c_int", "int", -42),
    ("c_smallint", "smallint", 1234),
    ("c_text", "text", "secret text \u00e9"),
    ("c_varchar", "varchar", "secret varchar"),
    ("c_time", "time", Time(datetime.time(12, 34, 56, 789000))),
    ("c_timestamp", "timestamp", datetime.datetime(2024, 1, 2, 3, 4, 5, 678000)),
    ("c_timeuuid", "timeuuid", uuid.UUID("d2177dd0-eaa2-11de-a572-001b779c76e3")),
    ("c_tinyint", "tinyint", -7),
    ("c_uuid", "uuid", uuid.UUID("5a1c395e-b41f-11e5-9f22-ba0be0483c18")),
    ("c_varint", "varint", 123456789012345678901234567890),
]


def normal(value):
    """A JSON-comparable form: bytes as hex, numbers other than floats as text (bigint/varint exceed doubles)."""
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, (bool, float)):
        return value
    return str(value)


def protect(bed, out):
    # Stage: Protect with every accepted plain type on sec.vault; the columns are blobs in the cluster.
    s = bed.proxy()
    keyspace(s, "sec")
    columns = ", ".join("%s blob" % name for name, _, _ in VALUES)
    s.execute("CREATE TABLE IF NOT EXISTS sec.vault (id int PRIMARY KEY, note text, %s)" % columns)
    names = ", ".join(name for name, _, _ in VALUES)
    marks = ", ".join("?" for _ in VALUES)
    insert = s.prepare("INSERT INTO sec.vault (id, note, %s) VALUES (?, ?, %s)" % (names, marks))
    out["bound_types"] = [c.type.typename for c in insert.column_metadata[2:]]
    s.execute(insert, [1, "prepared"] + [v for _, _, v in VALUES])
    batch = BatchStatement()
    batch.add(insert, [2, "batched"] + [v for _, _, v in VALUES])
    s.execute(batch)
    s.execute("INSERT INTO sec.vault (id, note, c_text, c_int, c_boolean) VALUES (3, 'literal', 'literal secret', 77, true)")
    s.execute("UPDATE sec.vault SET c_text = %s, c_bigint = %s WHERE id = 3", ("updated secret", 5))
    expected = [normal(v) for _, _, v in VALUES]
    select = s.prepare("SELECT id, note, %s FROM sec.vault WHERE id = ?" % names)
    for row_id in (1, 2):
        row = s.execute(select, (row_id,)).one()
        out["prepared_read_%d" % row_id] = [normal(v) for v in list(row)[2:]] == expected
        if row_id == 1:
            out["prepared_read_values"] = [normal(v) for v in list(row)[2:]]
    simple = {r.id: r for r in s.execute("SELECT * FROM sec.vault")}
    out["simple_read_1"] = [normal(getattr(simple[1], name)) for name, _, _ in VALUES] == expected
    out["simple_read_3"] = [simple[3].c_text, simple[3].c_int, simple[3].c_boolean, simple[3].c_bigint, simple[3].note]
    out["expected"] = expected
    # The cluster holds ciphertext: every protected cell is a blob that is not the plain value's bytes.
    raw = bed.node().execute("SELECT * FROM sec.vault WHERE id = 1").one()
    out["node_note"] = raw.note
    out["node_plain_visible"] = [name for name, _, v in VALUES
                                 if getattr(raw, name) is None or (isinstance(v, str) and v.encode() in getattr(raw, name))]
    out["node_lengths"] = {name: len(getattr(raw, name)) for name, _, _ in VALUES}
    raw3 = bed.node().execute("SELECT c_text FROM sec.vault WHERE id = 3").one()
    out["node_literal_plain_visible"] = b"updated secret" in raw3.c_text


run({"Redact": redact, "Protect": protect})
