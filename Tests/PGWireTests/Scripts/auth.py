"""TLS and IAM tokens: a good token connects (SNI and per-region port), a bad or expired one fails
with DSQL's text, no TLS and no SNI are refused."""
import time
import psycopg
from wire_common import STACK, region, token, psycopg_connect, check, expect_error

for role in ("primary", "secondary"):
    with psycopg_connect(role, shared=True) as c:
        check(c.execute("SELECT 1").fetchone() == (1,), "SELECT 1 by SNI")
        check(c.info.parameter_status("server_version") == "16.15", "server_version")
        check(c.info.parameter_status("TimeZone") == "UTC", "TimeZone")
        check(c.info.backend_pid > 0, "BackendKeyData")
    with psycopg_connect(role, shared=False) as c:
        check(c.execute("SELECT 2").fetchone() == (2,), "SELECT 2 on the region port")

r = region("primary")
base = dict(host=r["host"], port=r["port"], user="admin", dbname="postgres", sslmode="require")
# psycopg reports no SQLSTATE for a failed connection; asyncpg does.
expect_error(lambda: psycopg.connect(password=token(secret="wrong"), **base), None,
             'IAM authentication failed for user "admin"')
import asyncio, ssl, asyncpg  # noqa: E402
context = ssl.create_default_context(cafile=r["ca"])
expect_error(lambda: asyncio.run(asyncpg.connect(host=r["host"], port=r["port"], user="admin", database="postgres",
                                                 password=token(secret="wrong"), ssl=context)),
             "28P01", 'IAM authentication failed for user "admin"')
expect_error(lambda: psycopg.connect(password="not a token", **base), None, "IAM authentication failed")
# A token for the other cluster's endpoint, and a DbConnect token for admin.
expect_error(lambda: psycopg.connect(password=token("secondary"), **base), None, "IAM authentication failed")
expect_error(lambda: psycopg.connect(password=token(admin=False), **base), None, "IAM authentication failed")
short = token(expires=1)
with psycopg.connect(password=short, **base) as kept:
    time.sleep(2.2)
    # The connection stays valid after its token expired; a new one with it does not.
    check(kept.execute("SELECT 3").fetchone() == (3,), "connection outlives its token")
    expect_error(lambda: psycopg.connect(password=short, **base), None, "IAM authentication failed")
plain = dict(base, sslmode="disable", password=token())
expect_error(lambda: psycopg.connect(**plain), None, "unable to accept connection, ssl is required")
nosni = dict(base, port=r["shared_port"], password=token())
expect_error(lambda: psycopg.connect(**nosni), None, "unable to accept connection, sni was not received")
expect_error(lambda: psycopg.connect(**dict(base, password=token(), dbname="other")), None, 'database "other" does not exist')
print("ok")
