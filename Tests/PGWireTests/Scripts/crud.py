"""CRUD with parameters through psycopg 3, psycopg2, pg8000 and asyncpg."""
import asyncio
import ssl
import uuid
from wire_common import region, token, psycopg_connect, check

r = region("primary")
with psycopg_connect(autocommit=True) as c:
    c.execute("CREATE TABLE crud (id uuid PRIMARY KEY, name varchar(50) NOT NULL, n int)")
    ids = [uuid.uuid4() for _ in range(3)]
    for i, u in enumerate(ids):
        cur = c.execute("INSERT INTO crud (id, name, n) VALUES (%s, %s, %s)", (u, f"name{i}", i))
        check(cur.rowcount == 1 and cur.statusmessage == "INSERT 0 1", "insert tag")
    row = c.execute("SELECT name, n FROM crud WHERE id = %s", (ids[1],)).fetchone()
    check(row == ("name1", 1), f"select by id: {row}")
    cur = c.execute("UPDATE crud SET n = n + %s WHERE n >= %s", (10, 1))
    check(cur.statusmessage == "UPDATE 2", cur.statusmessage)
    cur = c.execute("DELETE FROM crud WHERE id = %s", (ids[0],))
    check(cur.statusmessage == "DELETE 1", cur.statusmessage)
    rows = c.execute("SELECT n FROM crud ORDER BY n").fetchall()
    check(rows == [(11,), (12,)], f"after update/delete: {rows}")
    # Prepared (named) statements: psycopg prepares after prepare_threshold uses.
    for i in range(8):
        got = c.execute("SELECT n FROM crud WHERE n = %s", (11,), prepare=True).fetchone()
        check(got == (11,), "prepared select")
    check(c.execute("SELECT n FROM crud WHERE name = %s", ("none",)).fetchall() == [], "no rows")

import psycopg2  # noqa: E402
p2 = psycopg2.connect(host=r["host"], port=r["port"], user="admin", dbname="postgres", password=token(),
                      sslmode="verify-full", sslrootcert=r["ca"])
cur = p2.cursor()
cur.execute("INSERT INTO crud (id, name, n) VALUES (%s, %s, %s)", (str(uuid.uuid4()), "p2", 20))
p2.commit()
cur.execute("SELECT name FROM crud WHERE n = %s", (20,))
check(cur.fetchall() == [("p2",)], "psycopg2 select")
p2.commit()
p2.close()

import pg8000.native  # noqa: E402
context = ssl.create_default_context(cafile=r["ca"])
p8 = pg8000.native.Connection("admin", host=r["host"], port=r["port"], database="postgres", password=token(),
                              ssl_context=context)
p8.run("INSERT INTO crud (id, name, n) VALUES (:i, :n, :v)", i=str(uuid.uuid4()), n="p8", v=30)
check(p8.run("SELECT name FROM crud WHERE n = :v", v=30) == [["p8"]], "pg8000 select")
p8.close()

import asyncpg  # noqa: E402


async def run_asyncpg():
    con = await asyncpg.connect(host=r["host"], port=r["port"], user="admin", database="postgres", password=token(),
                                ssl=context)
    await con.execute("INSERT INTO crud (id, name, n) VALUES ($1, $2, $3)", uuid.uuid4(), "apg", 40)
    rows = await con.fetch("SELECT name, n FROM crud WHERE n = $1", 40)
    check([tuple(x) for x in rows] == [("apg", 40)], f"asyncpg select {rows}")
    stmt = await con.prepare("SELECT count(*) FROM crud WHERE n > $1")
    check(await stmt.fetchval(0) == 5, "asyncpg prepared count")
    await con.close()

asyncio.run(run_asyncpg())
print("ok")
