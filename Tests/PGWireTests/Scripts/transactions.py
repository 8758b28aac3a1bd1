"""Interactive transactions across messages: commit, rollback, 25P02 after an error, and OC000 at
COMMIT for a write-write conflict and for SELECT ... FOR UPDATE against a write."""
import psycopg
from wire_common import psycopg_connect, check, expect_error

with psycopg_connect(autocommit=True) as setup:
    setup.execute("CREATE TABLE acct (id int PRIMARY KEY, balance int NOT NULL)")
    setup.execute("INSERT INTO acct VALUES (1, 100), (2, 100)")

a = psycopg_connect("primary")
b = psycopg_connect("secondary")
# psycopg opens a transaction (BEGIN) with the first statement; COMMIT is a later message.
a.execute("UPDATE acct SET balance = balance - 10 WHERE id = 1")
check(a.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS, "T after a statement in BEGIN")
check(a.execute("SELECT balance FROM acct WHERE id = 1").fetchone() == (90,), "reads its own write")
a.commit()
check(b.execute("SELECT balance FROM acct WHERE id = 1").fetchone() == (90,), "committed write seen in the other region")
b.rollback()

a.execute("UPDATE acct SET balance = 0 WHERE id = 2")
a.rollback()
check(a.execute("SELECT balance FROM acct WHERE id = 2").fetchone() == (100,), "rollback discards")
a.rollback()

# 25P02 after an error inside a transaction; COMMIT then rolls back.
a.execute("UPDATE acct SET balance = 1 WHERE id = 2")
expect_error(lambda: a.execute("SELECT nonexistent FROM acct"), "42703")
check(a.info.transaction_status == psycopg.pq.TransactionStatus.INERROR, "E after an error")
expect_error(lambda: a.execute("SELECT 1"), "25P02",
             "current transaction is aborted, commands ignored until end of transaction block")
a.rollback()
check(a.execute("SELECT balance FROM acct WHERE id = 2").fetchone() == (100,), "aborted transaction left nothing")
a.rollback()

# Write-write: both update row 1; the second COMMIT gets 40001 with OC000 in the message.
a.execute("UPDATE acct SET balance = balance + 1 WHERE id = 1")
b.execute("UPDATE acct SET balance = balance + 2 WHERE id = 1")
a.commit()
e = expect_error(b.commit, "40001", "(OC000)")
check("change conflicts with another transaction" in str(e), str(e))

# SELECT ... FOR UPDATE against a write.
b.execute("SELECT balance FROM acct WHERE id = 2 FOR UPDATE")
a.execute("UPDATE acct SET balance = 7 WHERE id = 2")
a.commit()
b.execute("UPDATE acct SET balance = balance + 1 WHERE id = 1")
expect_error(b.commit, "40001", "(OC000)")
check(a.execute("SELECT balance FROM acct ORDER BY id").fetchall() == [(91,), (7,)], "final balances")
a.close()
b.close()
print("ok")
