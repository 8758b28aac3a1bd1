"""The bank and list-append workloads through the wire with interactive transactions, clients in
both regions: money is conserved and every read sees a state some serial order allows."""
import random
import threading
import time
import psycopg
from wire_common import psycopg_connect, check

ACCOUNTS = 8
TOTAL = 1000
SECONDS = 4.0

with psycopg_connect(autocommit=True) as setup:
    setup.execute("CREATE TABLE bank (id int PRIMARY KEY, balance int NOT NULL)")
    setup.execute("CREATE TABLE lists (k int PRIMARY KEY, v text NOT NULL)")
    with setup.transaction():
        for i in range(ACCOUNTS):
            setup.execute("INSERT INTO bank VALUES (%s, %s)", (i, TOTAL // ACCOUNTS))
        for k in range(4):
            setup.execute("INSERT INTO lists VALUES (%s, '')", (k,))

errors = []
stats = {"transfers": 0, "conflicts": 0, "reads": 0, "appends": 0}
lock = threading.Lock()
acknowledged = {k: [] for k in range(4)}


def bank_client(role, seed):
    rng = random.Random(seed)
    conn = psycopg_connect(role)
    deadline = time.time() + SECONDS
    while time.time() < deadline:
        try:
            if rng.random() < 0.3:
                rows = conn.execute("SELECT balance FROM bank").fetchall()
                conn.commit()
                total = sum(r[0] for r in rows)
                if total != TOTAL or len(rows) != ACCOUNTS:
                    errors.append(f"{role}: read total {total} over {len(rows)} accounts")
                with lock:
                    stats["reads"] += 1
                continue
            a, b = rng.sample(range(ACCOUNTS), 2)
            amount = rng.randint(1, 20)
            (balance,) = conn.execute("SELECT balance FROM bank WHERE id = %s", (a,)).fetchone()
            if balance < amount:
                conn.rollback()
                continue
            conn.execute("UPDATE bank SET balance = balance - %s WHERE id = %s", (amount, a))
            conn.execute("UPDATE bank SET balance = balance + %s WHERE id = %s", (amount, b))
            conn.commit()
            with lock:
                stats["transfers"] += 1
        except psycopg.errors.SerializationFailure as e:
            conn.rollback()
            if "OC000" not in str(e) and "OC001" not in str(e):
                errors.append(f"40001 without an OCC code: {e}")
            with lock:
                stats["conflicts"] += 1
    conn.close()


def append_client(role, seed):
    rng = random.Random(seed)
    conn = psycopg_connect(role)
    deadline = time.time() + SECONDS
    n = 0
    while time.time() < deadline:
        k = rng.randrange(4)
        token = f"{seed}.{n}"
        n += 1
        try:
            (v,) = conn.execute("SELECT v FROM lists WHERE k = %s", (k,)).fetchone()
            conn.execute("UPDATE lists SET v = %s WHERE k = %s", ((v + " " + token).strip(), k))
            conn.commit()
            with lock:
                acknowledged[k].append(token)
                stats["appends"] += 1
        except psycopg.errors.SerializationFailure:
            conn.rollback()
            with lock:
                stats["conflicts"] += 1
    conn.close()


threads = []
for i, role in enumerate(["primary", "secondary", "primary", "secondary"]):
    threads.append(threading.Thread(target=bank_client, args=(role, i)))
for i, role in enumerate(["primary", "secondary"]):
    threads.append(threading.Thread(target=append_client, args=(role, 100 + i)))
for t in threads:
    t.start()
for t in threads:
    t.join()

check(not errors, "; ".join(errors[:5]))
for role in ("primary", "secondary"):
    with psycopg_connect(role, autocommit=True) as c:
        rows = c.execute("SELECT balance FROM bank ORDER BY id").fetchall()
        check(sum(r[0] for r in rows) == TOTAL, f"{role}: final total {sum(r[0] for r in rows)}")
        for k in range(4):
            (v,) = c.execute("SELECT v FROM lists WHERE k = %s", (k,)).fetchone()
            items = v.split()
            # Every acknowledged append is there exactly once, and nothing else is.
            check(sorted(items) == sorted(acknowledged[k]), f"{role}: list {k} lost or invented appends")
            check(len(set(items)) == len(items), f"{role}: list {k} has duplicates")
check(stats["transfers"] > 10 and stats["appends"] > 5, f"too little work: {stats}")
print("ok", stats)
