"""psql's \\dt and \\d answer from the DSQL catalog: tables, columns, defaults and indexes."""
import os
import subprocess
import time
from wire_common import region, token, check

r = region()
env = dict(os.environ, PGPASSWORD=token())
conninfo = f"host={r['host']} port={r['port']} dbname=postgres user=admin sslmode=verify-full sslrootcert={r['ca']}"


def psql(command):
    out = subprocess.run(["psql", conninfo, "-X", "-c", command], env=env, capture_output=True, text=True, timeout=60)
    check(out.returncode == 0, f"{command}: {out.stderr}")
    return out.stdout


psql("CREATE TABLE items (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name varchar(20) NOT NULL, qty int DEFAULT 0, UNIQUE (name))")
psql("CREATE INDEX ASYNC items_qty ON items (qty)")
listing = psql("\\dt")
check(" public | items | table | admin" in listing and " public | users | table | admin" in listing, listing)
check("(2 rows)" in listing, listing)
check("items" in psql("\\dt it*") and "users" not in psql("\\dt it*"), "pattern")
described = ""
for _ in range(50):  # the async index becomes visible once its job ran
    described = psql("\\d items")
    if "items_qty" in described:
        break
    time.sleep(0.1)
for line in ['Table "public.items"', "id     | uuid                  |           | not null | gen_random_uuid()",
             "name   | character varying(20) |           | not null |", "qty    | integer               |           |          | 0",
             '"items_pkey" PRIMARY KEY, btree (id)', '"items_name_key" UNIQUE CONSTRAINT, btree (name)',
             '"items_qty" btree (qty)']:
    check(line in described, f"{line!r} not in:\n{described}")
out = subprocess.run(["psql", conninfo, "-X", "-c", "\\d nope"], env=env, capture_output=True, text=True, timeout=60)
check('Did not find any relation named "nope"' in out.stderr, out.stderr)
print("ok")
