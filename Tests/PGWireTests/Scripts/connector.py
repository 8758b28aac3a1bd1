"""AWS's own connector (aurora-dsql-python-connector): only the cluster endpoint, the region and a
host override; it makes the token itself with boto3."""
from wire_common import region, check
import aurora_dsql_psycopg as dsql

for role in ("primary", "secondary"):
    r = region(role)
    conn = dsql.connect(host=r["endpoint"], region=r["region"], user="admin", hostaddr=r["host"], port=r["shared_port"])
    check(conn.execute("SELECT 40 + 2").fetchone() == (42,), "query through the connector")
    conn.close()
print("ok")
