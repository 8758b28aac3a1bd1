"""Several statements in one simple-query message, as psql -c and psycopg send them."""
import os
import subprocess
from wire_common import region, token, psycopg_connect, check, expect_error

r = region()
env = dict(os.environ, PGPASSWORD=token())
conninfo = f"host={r['host']} port={r['port']} dbname=postgres user=admin sslmode=verify-full sslrootcert={r['ca']}"


def psql(*args):
    return subprocess.run(["psql", conninfo, "-X", "-v", "ON_ERROR_STOP=1", *args], env=env, capture_output=True,
                          text=True, timeout=60)


out = psql("-c", "CREATE TABLE multi (id int PRIMARY KEY, v text)")
check(out.returncode == 0 and "CREATE TABLE" in out.stdout, out.stdout + out.stderr)
out = psql("-c", "INSERT INTO multi VALUES (1, 'a'); INSERT INTO multi VALUES (2, 'b;c'); SELECT v FROM multi ORDER BY id")
check(out.returncode == 0, out.stderr)
check(out.stdout.count("INSERT 0 1") == 2 and "b;c" in out.stdout and "(2 rows)" in out.stdout, out.stdout)
# An error stops the rest of the message.
out = psql("-c", "INSERT INTO multi VALUES (3, 'x'); SELECT nope FROM multi; INSERT INTO multi VALUES (4, 'y')")
check(out.returncode != 0 and 'column "nope" does not exist' in out.stderr, out.stderr)
# BEGIN ... COMMIT inside one message, and across two.
out = psql("-c", "BEGIN; INSERT INTO multi VALUES (5, 'e'); COMMIT; SELECT count(*) FROM multi")
check(out.returncode == 0 and " 4\n" in out.stdout, out.stdout + out.stderr)
with psycopg_connect(autocommit=True) as c:
    with c.cursor() as cur:
        cur.execute("SELECT 1; SELECT 2, 3")
        check(cur.fetchall() == [(1,)], "first result")
        check(cur.nextset() and cur.fetchall() == [(2, 3)], "second result")
    check(c.execute("SELECT id FROM multi ORDER BY id").fetchall() == [(1,), (2,), (3,), (5,)], "rows")
    with c.cursor() as cur:
        cur.execute("")
        check(cur.pgresult.status == 0, "empty query")  # EMPTY_QUERY
    expect_error(lambda: c.execute("SELECT 1; SELECT 1/0"), "22012")
print("ok")
