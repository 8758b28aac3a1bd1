"""Shared set-up for the wire-protocol client scripts: the stack's endpoints and tokens."""
import json
import os
import sys

os.environ["AWS_ACCESS_KEY_ID"] = "test"
os.environ["AWS_SECRET_ACCESS_KEY"] = "test"
os.environ.pop("AWS_SESSION_TOKEN", None)
os.environ.pop("AWS_PROFILE", None)

import boto3  # noqa: E402

STACK = json.load(open(sys.argv[1]))


def region(role="primary"):
    """host, port, shared_port, endpoint, region, ca for a data region."""
    return STACK[role]


_clients = {}


def token(role="primary", admin=True, expires=900, secret=None):
    r = region(role)
    key = (secret or "test", r["region"])
    if key not in _clients:
        session = boto3.session.Session(aws_access_key_id="test", aws_secret_access_key=key[0])
        _clients[key] = session.client("dsql", region_name=r["region"])
    client = _clients[key]
    make = client.generate_db_connect_admin_auth_token if admin else client.generate_db_connect_auth_token
    return make(r["endpoint"], r["region"], expires)


def psycopg_connect(role="primary", shared=True, **extra):
    """psycopg 3 over TLS with verify-full: by SNI on the shared port, or on the region's port."""
    import psycopg
    r = region(role)
    args = dict(user="admin", dbname="postgres", password=token(role), sslmode="verify-full", sslrootcert=r["ca"])
    if shared:
        args.update(host=r["endpoint"], hostaddr=r["host"], port=r["shared_port"])
    else:
        args.update(host=r["host"], port=r["port"])
    args.update(extra)
    return psycopg.connect(**args)


def check(condition, message):
    if not condition:
        print("FAIL: " + message)
        sys.exit(1)


def expect_error(fn, sqlstate=None, contains=None):
    """Runs fn, which must raise a database error with the given SQLSTATE and message text."""
    try:
        fn()
    except Exception as e:  # the drivers' error classes differ
        state = getattr(e, "sqlstate", None) or getattr(e, "pgcode", None)
        if state is None and hasattr(e, "args") and e.args and isinstance(e.args[0], dict):
            state = e.args[0].get("C")
        text = str(e)
        check(sqlstate is None or state == sqlstate, f"expected SQLSTATE {sqlstate}, got {state}: {text}")
        check(contains is None or contains in text, f"expected {contains!r} in {text!r}")
        return e
    check(False, f"expected an error {sqlstate} {contains}")
