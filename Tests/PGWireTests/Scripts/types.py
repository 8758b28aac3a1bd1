"""Every supported type round-tripped through parameters and results, in text and in binary
(psycopg 3 both ways, asyncpg binary)."""
import asyncio
import datetime
import decimal
import json
import ssl
import uuid
from wire_common import region, token, psycopg_connect, check

import psycopg
from psycopg.types.json import Json, Jsonb

COLUMNS = [
    ("c_smallint", "smallint", -32768),
    ("c_int", "integer", 2147483647),
    ("c_bigint", "bigint", -9223372036854775808),
    ("c_real", "real", 1.5),
    ("c_double", "double precision", 3.141592653589793),
    ("c_numeric", "numeric(12,4)", decimal.Decimal("-12345678.1234")),
    ("c_bool", "boolean", True),
    ("c_text", "text", "héllo, wörld ✓"),
    ("c_varchar", "varchar(20)", "short"),
    ("c_uuid", "uuid", uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
    ("c_bytea", "bytea", b"\x00\x01\xfe\xff"),
    ("c_date", "date", datetime.date(2026, 12, 2)),
    ("c_timestamp", "timestamp", datetime.datetime(2026, 12, 2, 8, 5, 30, 123456)),
    ("c_timestamptz", "timestamptz", datetime.datetime(2026, 12, 2, 8, 5, 30, 500000, tzinfo=datetime.timezone.utc)),
    ("c_jsonb", "jsonb", {"a": [1, 2, {"b": None}], "c": "d"}),
]
names = ", ".join(c[0] for c in COLUMNS)
marks = ", ".join(["%s"] * len(COLUMNS))


def wrap(name, value):
    return Jsonb(value) if name == "c_jsonb" else value


def compare(row, label):
    for (name, _, expected), got in zip(COLUMNS, row):
        if isinstance(expected, float) and name == "c_real":
            ok = abs(got - expected) < 1e-6
        elif isinstance(got, str) and name == "c_jsonb":
            ok = json.loads(got) == expected
        elif isinstance(got, memoryview):
            ok = bytes(got) == expected
        else:
            ok = got == expected
        check(ok, f"{label}: {name} expected {expected!r}, got {got!r}")


with psycopg_connect(autocommit=True) as c:
    c.execute("CREATE TABLE types (id int PRIMARY KEY, " + ", ".join(f"{n} {t}" for n, t, _ in COLUMNS) + ")")
    c.execute("CREATE TABLE nulls (id int PRIMARY KEY, " + ", ".join(f"{n} {t}" for n, t, _ in COLUMNS) + ")")
    values = [wrap(n, v) for n, _, v in COLUMNS]
    with c.cursor() as text_cursor:
        text_cursor.execute(f"INSERT INTO types (id, {names}) VALUES (1, {marks})", values)
        compare(text_cursor.execute(f"SELECT {names} FROM types WHERE id = %s", (1,)).fetchone(), "text params, text rows")
    with c.cursor(binary=True) as binary_cursor:
        binary_cursor.execute(f"INSERT INTO types (id, {names}) VALUES (2, {marks})", values)
        compare(binary_cursor.execute(f"SELECT {names} FROM types WHERE id = %s", (2,)).fetchone(), "binary params, binary rows")
        compare(binary_cursor.execute(f"SELECT {names} FROM types WHERE id = %s", (1,)).fetchone(), "text in, binary out")
    with c.cursor() as text_cursor:
        compare(text_cursor.execute(f"SELECT {names} FROM types WHERE id = %s", (2,)).fetchone(), "binary in, text out")
    # NULL of every type, both formats.
    c.execute(f"INSERT INTO nulls (id, {names}) VALUES (1, {marks})", [None] * len(COLUMNS))
    for binary in (False, True):
        with c.cursor(binary=binary) as cur:
            row = cur.execute(f"SELECT {names} FROM nulls").fetchone()
            check(all(v is None for v in row), f"NULLs binary={binary}: {row}")
    # Simple-protocol literals come back as text.
    got = c.execute("SELECT 1::int, 'x'::text, true, 2.5::float8, '2026-12-02'::date").fetchone()
    check(got == (1, "x", True, 2.5, datetime.date(2026, 12, 2)), f"literals {got}")
    # psycopg's row description carries PostgreSQL's type OIDs.
    cur = c.execute(f"SELECT {names} FROM types WHERE id = 1")
    oids = [d.type_code for d in cur.description]
    check(oids == [21, 23, 20, 700, 701, 1700, 16, 25, 1043, 2950, 17, 1082, 1114, 1184, 3802], f"type OIDs {oids}")

import asyncpg  # noqa: E402

r = region()


async def run_asyncpg():
    context = ssl.create_default_context(cafile=r["ca"])
    con = await asyncpg.connect(host=r["host"], port=r["port"], user="admin", database="postgres", password=token(),
                                ssl=context)
    await con.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")
    args = [v for _, _, v in COLUMNS]
    await con.execute(f"INSERT INTO types (id, {names}) VALUES ($1, " + ", ".join(f"${i + 2}" for i in range(len(COLUMNS))) + ")",
                      3, *args)
    for key in (1, 2, 3):
        row = await con.fetchrow(f"SELECT {names} FROM types WHERE id = $1", key)
        compare(tuple(row), f"asyncpg row {key}")
    await con.close()

asyncio.run(run_asyncpg())
print("ok")
