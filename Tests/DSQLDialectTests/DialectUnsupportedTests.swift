import DSQLClient
import Testing
@testable import DSQLDialect

/// Every statement DSQL refuses returns its exact SQLSTATE and text (dsql.md §1.1, §1.3, §5.4, §5.5).
@Suite struct DialectUnsupportedTests {
    static let refused: [(String, String, String)] = [
        // §1.1 isolation
        ("BEGIN ISOLATION LEVEL SERIALIZABLE", "0A000", "Unsupported isolation level: SERIALIZABLE"),
        ("START TRANSACTION ISOLATION LEVEL READ COMMITTED", "0A000", "Unsupported isolation level: READ COMMITTED"),
        ("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "0A000", "Unsupported isolation level: SERIALIZABLE"),
        ("SET TRANSACTION READ ONLY", "0A000", "setting configuration parameter \"TRANSACTION\" not supported"),
        ("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", "0A000", "setting configuration parameter \"TRANSACTION\" not supported"),
        ("SET default_transaction_isolation = 'serializable'", "0A000",
         "setting configuration parameter \"default_transaction_isolation\" not supported"),
        ("SET SESSION default_transaction_isolation TO 'read committed'", "0A000",
         "setting configuration parameter \"default_transaction_isolation\" not supported"),
        // §1.3
        ("SAVEPOINT x", "0A000", "unsupported transaction statement: SAVEPOINT"),
        ("ROLLBACK TO SAVEPOINT x", "0A000", "unsupported transaction statement: ROLLBACK TO"),
        ("ROLLBACK TO x", "0A000", "unsupported transaction statement: ROLLBACK TO"),
        // §5.5
        ("CREATE DATABASE foo", "0A000", "unsupported statement: Createdb"),
        ("CREATE TEMP TABLE t (id int PRIMARY KEY)", "0A000", "TEMPORARY or TEMP table not supported for CREATE TABLE"),
        ("CREATE TEMPORARY TABLE t (id int)", "0A000", "TEMPORARY or TEMP table not supported for CREATE TABLE"),
        ("CREATE UNLOGGED TABLE t (id int)", "0A000", "UNLOGGED table not supported for CREATE TABLE"),
        ("CREATE TRIGGER trg BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION f()", "0A000", "CREATE TRIGGER not supported"),
        ("CREATE TYPE mood AS ENUM ('sad', 'ok')", "0A000", "CREATE TYPE not supported"),
        ("CREATE TYPE pair AS (a int, b int)", "0A000", "unsupported statement: CompositeType"),
        ("CREATE TYPE r AS RANGE (subtype = int4)", "0A000", "unsupported statement: CreateRange"),
        ("CREATE TABLESPACE ts LOCATION '/x'", "0A000", "unsupported statement: CreateTableSpace"),
        ("""
         CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS TRIGGER AS $$
         BEGIN NEW.updated_at = CURRENT_TIMESTAMP; RETURN NEW; END; $$ language 'plpgsql'
         """, "0A000", "CREATE FUNCTION with language plpgsql not supported"),
        ("CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$", "0A000",
         "CREATE FUNCTION with language plpgsql not supported"),
        ("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'", "0A000",
         "CREATE FUNCTION with LANGUAGE sql is not supported by this emulator yet"),
        ("CREATE MATERIALIZED VIEW mv AS SELECT 1", "0A000", "unsupported statement: CreateTableAs"),
        ("CREATE TABLE t2 AS SELECT * FROM users", "0A000", "unsupported statement: CreateTableAs"),
        ("SELECT * INTO t2 FROM users", "0A000", "unsupported statement: CreateTableAs"),
        ("CREATE FOREIGN TABLE f (a int) SERVER s", "0A000", "unsupported statement: CreateForeignTable"),
        ("ALTER SYSTEM SET work_mem = '1MB'", "0A000", "unsupported statement: AlterSystem"),
        ("TRUNCATE users", "0A000", "unsupported statement: Truncate"),
        ("VACUUM", "0A000", "unsupported VACUUM statement"),
        ("VACUUM ANALYZE users", "0A000", "unsupported VACUUM statement"),
        ("LISTEN ch", "0A000", "unsupported statement: Listen"),
        ("NOTIFY ch, 'x'", "0A000", "unsupported statement: Notify"),
        ("UNLISTEN *", "0A000", "unsupported statement: Unlisten"),
        ("CREATE EXTENSION pgcrypto", "0A000", "unsupported statement: CreateExtension"),
        // §5.4 and §5.5 notes
        ("CREATE INDEX idx_users_email ON users(email)", "0A000", "unsupported mode. please use CREATE INDEX ASYNC."),
        ("CREATE INDEX IF NOT EXISTS idx_users_created_at ON users(created_at)", "0A000",
         "unsupported mode. please use CREATE INDEX ASYNC."),
        ("CREATE UNIQUE INDEX u ON users(email)", "0A000", "unsupported mode. please use CREATE INDEX ASYNC."),
        ("CREATE INDEX ASYNC public.idx ON users(email)", "42601", "syntax error at or near \".\""),
        ("CREATE TABLE t (id SERIAL PRIMARY KEY)", "42704", "type \"serial\" does not exist"),
        ("CREATE TABLE t (id bigserial PRIMARY KEY)", "42704", "type \"bigserial\" does not exist"),
        ("CREATE TABLE t (id int, x footype)", "42704", "type \"footype\" does not exist"),
        ("CREATE TABLE c (id int) INHERITS (p)", "0A000", "INHERITS not supported for CREATE TABLE"),
        ("CREATE TABLE c (id int) PARTITION BY RANGE (id)", "0A000", "PARTITION BY not supported for CREATE TABLE"),
        ("CREATE TABLE c PARTITION OF p FOR VALUES IN (1)", "0A000", "PARTITION OF not supported for CREATE TABLE"),
        ("CREATE TABLE c (name text COLLATE \"C\")", "0A000", "COLLATE not supported for CREATE TABLE"),
        ("CREATE INDEX ASYNC i ON users (email DESC)", "0A000",
         "ASC/DESC and NULLS FIRST/LAST are not supported in CREATE INDEX ASYNC"),
        ("ALTER TABLE users ALTER COLUMN name TYPE text", "0A000", "ALTER COLUMN TYPE is not supported"),
        ("ALTER TABLE users ADD PRIMARY KEY (id)", "0A000",
         "adding PRIMARY KEY constraints to an existing table is not supported; declare them in CREATE TABLE"),
        ("ALTER TABLE users ADD CONSTRAINT u UNIQUE (email)", "0A000",
         "adding UNIQUE constraints to an existing table is not supported; declare them in CREATE TABLE"),
        ("ALTER TABLE users ADD COLUMN x int UNIQUE", "0A000",
         "adding UNIQUE constraints to an existing table is not supported; declare them in CREATE TABLE"),
        ("SELECT * FROM users FOR SHARE", "0A000", "FOR SHARE is not supported"),
        ("SELECT * FROM users FOR NO KEY UPDATE", "0A000", "FOR NO KEY UPDATE is not supported"),
        ("CREATE SEQUENCE s", "22023", "CACHE must be 1 or at least 65536"),
        ("CREATE SEQUENCE s CACHE 100", "22023", "CACHE must be 1 or at least 65536"),
        ("CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 10) PRIMARY KEY)", "22023",
         "CACHE must be 1 or at least 65536"),
        ("CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY)", "0A000",
         "identity columns must be of type bigint"),
    ]

    @Test(arguments: refused)
    func refusedWithExactError(sql: String, sqlstate: String, message: String) {
        #expect(throws: DSQLError(sqlstate: sqlstate, message: message)) { try Parser.parse(sql) }
    }

    /// Valid DSQL this emulator lacks must fail loudly with 0A000 "... not supported by this emulator yet".
    @Test(arguments: [
        "WITH x AS (SELECT 1) SELECT * FROM x",
        "CREATE VIEW v AS SELECT 1",
        "CREATE DOMAIN d AS int",
        "SELECT * FROM users a NATURAL JOIN orders b",
        "SELECT row_number() OVER () FROM users",
        "CREATE INDEX ASYNC i ON users ((lower(email)))",
        "CREATE INDEX ASYNC i ON users (email) WHERE email IS NOT NULL",
        "EXPLAIN SELECT 1",
        "SET search_path = public",
        "BEGIN READ ONLY",
        "SELECT * FROM users FOR UPDATE NOWAIT",
        "CREATE TABLE t (a int REFERENCES p(id))",
    ])
    func notYetSupported(sql: String) {
        do {
            _ = try Parser.parse(sql)
            Issue.record("accepted: \(sql)")
        } catch {
            #expect(error.sqlstate == "0A000", "\(sql)")
            #expect(error.message.hasSuffix("is not supported by this emulator yet"), "\(sql): \(error.message)")
        }
    }
}

extension DialectUnsupportedTests {
    /// The seed's `init_db.py.tpl` statements, in order, fail on DSQL exactly as seed-contract.md §3 says.
    @Test func seedInitDBStatementsFailAsOnDSQL() {
        let statements: [(String, String, String)] = [
            ("""
             CREATE TABLE IF NOT EXISTS users (
                 id SERIAL PRIMARY KEY,
                 name VARCHAR(100) NOT NULL,
                 email VARCHAR(255) UNIQUE NOT NULL,
                 created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
                 updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
             )
             """, "42704", "type \"serial\" does not exist"),
            ("CREATE INDEX IF NOT EXISTS idx_users_email ON users(email)", "0A000", "unsupported mode. please use CREATE INDEX ASYNC."),
            ("CREATE INDEX IF NOT EXISTS idx_users_created_at ON users(created_at)", "0A000", "unsupported mode. please use CREATE INDEX ASYNC."),
            ("""
             CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS TRIGGER AS $$
             BEGIN NEW.updated_at = CURRENT_TIMESTAMP; RETURN NEW; END; $$ language 'plpgsql'
             """, "0A000", "CREATE FUNCTION with language plpgsql not supported"),
            ("CREATE TRIGGER update_users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()",
             "0A000", "CREATE TRIGGER not supported"),
        ]
        for (sql, state, message) in statements {
            #expect(throws: DSQLError(sqlstate: state, message: message)) { try Parser.parseScript(sql) }
        }
    }
}
