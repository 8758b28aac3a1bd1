import DSQLClient
import Testing
@testable import DSQLDialect

/// Tokenizer and parser: token classes, AST shapes, PostgreSQL-style syntax errors.
@Suite struct DialectParserTests {
    @Test func tokenizesLiteralsOperatorsAndComments() throws {
        let toks = try Lexer.tokenize("SELECT E'a\\nb', $$x'y$$, $tag$q$tag$, \"Mixed\"\"Q\", $12, 1.5e3, a::int || b ->> 'k' -- c\n /* x /* y */ */ !=")
        let kinds = toks.map(\.kind)
        #expect(kinds == [.word, .string, .op, .string, .op, .string, .op, .quotedIdent, .op, .param, .op,
                          .number, .op, .word, .op, .word, .op, .word, .op, .string, .op, .eof])
        #expect(toks[1].value == "a\nb")
        #expect(toks[3].value == "x'y")
        #expect(toks[5].value == "q")
        #expect(toks[7].value == "Mixed\"Q")
        #expect(toks[9].value == "12")
        #expect(toks[14].value == "::")
        #expect(toks[18].value == "->>")
        #expect(toks[20].value == "<>")
    }

    @Test(arguments: [
        ("SELEC 1", "syntax error at or near \"SELEC\""),
        ("SELECT 1 FROM", "syntax error at end of input"),
        ("SELECT (1", "syntax error at end of input"),
        ("SELECT * FROM users WHERE", "syntax error at end of input"),
        ("INSERT INTO t VALUES (1,)", "syntax error at or near \")\""),
        ("SELECT 'abc' 'def' FROM t", "syntax error at or near \"'def'\""),
        ("CREATE INDEX ASYNC public.idx ON users (email)", "syntax error at or near \".\""),
        ("UPDATE t SET WHERE x = 1", "syntax error at or near \"WHERE\""),
        ("SELECT 1 2", "syntax error at or near \"2\""),
    ])
    func syntaxErrors(sql: String, message: String) {
        #expect(throws: DSQLError(sqlstate: "42601", message: message)) { try Parser.parse(sql) }
    }

    @Test func parsesSelectWithJoinsGroupingAndLocking() throws {
        let sql = """
            SELECT DISTINCT u.name AS n, count(*), sum(o.total) total FROM users u
            LEFT JOIN orders o ON o.user_id = u.id JOIN x USING (id)
            WHERE u.email ILIKE $1 AND u.id IN (SELECT id FROM y) AND u.age BETWEEN 1 AND 5
              AND NOT EXISTS (SELECT 1 FROM z) AND u.deleted IS NOT NULL
            GROUP BY u.name HAVING count(*) > 1
            ORDER BY 2 DESC NULLS LAST, n LIMIT 10 OFFSET $2 FOR UPDATE
            """
        guard case .select(let s) = try Parser.parse(sql) else { Issue.record("not a select"); return }
        #expect(s.distinct)
        #expect(s.items.count == 3)
        #expect(s.items[0].alias == "n")
        #expect(s.items[2].alias == "total")
        guard case .function(let count) = s.items[1].expr else { Issue.record("count"); return }
        #expect(count.name == "count" && count.star && count.offset == 29)
        guard case .join(let outer) = s.from[0], case .join(let inner) = outer.left else { Issue.record("joins"); return }
        #expect(outer.kind == .inner && outer.using == ["id"])
        #expect(inner.kind == .left)
        #expect(s.groupBy.count == 1 && s.having != nil)
        #expect(s.orderBy[0].descending && s.orderBy[0].nullsFirst == false)
        #expect(s.limit == .integer(10) && s.offset == .param(2))
        #expect(s.lock == .forUpdate)
    }

    @Test func parsesCastsCaseAndPrecedence() throws {
        guard case .select(let s) = try Parser.parse("SELECT 1 + 2 * 3, x::uuid, CAST($1 AS varchar(10)), CASE WHEN a THEN 'y' ELSE 'n' END, a OR b AND NOT c")
        else { Issue.record(); return }
        #expect(s.items[0].expr == .binary("+", .integer(1), .binary("*", .integer(2), .integer(3))))
        #expect(s.items[1].expr == .cast(.column(table: nil, name: "x", offset: 18), .uuid))
        #expect(s.items[2].expr == .cast(.param(1), PGType(.varchar, length: 10)))
        #expect(s.items[4].expr == .binary("or", .column(table: nil, name: "a", offset: 87),
                                           .binary("and", .column(table: nil, name: "b", offset: 92),
                                                   .unary("not", .column(table: nil, name: "c", offset: 102)))))
    }

    @Test func parsesInsertOnConflictReturning() throws {
        let sql = "INSERT INTO users (name, email) VALUES ($1, $2), ('a', DEFAULT) ON CONFLICT (email) DO UPDATE SET name = excluded.name WHERE users.name <> 'x' RETURNING id, name"
        guard case .insert(let i) = try Parser.parse(sql) else { Issue.record(); return }
        #expect(i.columns == ["name", "email"])
        guard case .values(let rows) = i.source else { Issue.record(); return }
        #expect(rows.count == 2 && rows[1][1] == nil)
        #expect(i.conflictTarget == ["email"])
        guard case .update(let a, let w) = i.conflictAction else { Issue.record(); return }
        #expect(a.count == 1 && w != nil)
        #expect(i.returning.count == 2)
    }

    @Test func parsesDDL() throws {
        let sql = """
            CREATE TABLE IF NOT EXISTS users (
              id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
              name varchar(100) NOT NULL,
              email character varying(255) UNIQUE NOT NULL,
              score numeric CHECK (score >= 0),
              n bigint GENERATED ALWAYS AS IDENTITY (CACHE 65536),
              created_at timestamp DEFAULT CURRENT_TIMESTAMP,
              CONSTRAINT u_name UNIQUE (name, email)
            )
            """
        guard case .createTable(let t) = try Parser.parse(sql) else { Issue.record(); return }
        #expect(t.ifNotExists && t.name == "users")
        #expect(t.columns.map(\.name) == ["id", "name", "email", "score", "n", "created_at"])
        #expect(t.columns[0].primaryKey && t.columns[0].defaultSQL == "gen_random_uuid()")
        #expect(t.columns[1].type == PGType(.varchar, length: 100) && t.columns[1].notNull)
        #expect(t.columns[3].type == PGType(.numeric) && t.columns[3].checks.first?.exprSQL == "score >= 0")
        #expect(t.columns[4].identity == IdentitySpec(always: true, cache: 65536))
        #expect(t.columns[5].defaultSQL == "CURRENT_TIMESTAMP")
        #expect(t.constraints == [.unique(name: "u_name", columns: ["name", "email"])])

        guard case .createIndex(let ix) = try Parser.parse("CREATE UNIQUE INDEX ASYNC IF NOT EXISTS ix ON users (a, b) INCLUDE (c)")
        else { Issue.record(); return }
        #expect(ix.unique && ix.ifNotExists && ix.columns == ["a", "b"] && ix.include == ["c"])
        #expect(try Parser.parse("BEGIN ISOLATION LEVEL REPEATABLE READ") == .begin)
        #expect(try Parser.parse("START TRANSACTION") == .begin)
        #expect(try Parser.parse("END") == .commit)
        #expect(try Parser.parse("ABORT") == .rollback)
        #expect(try Parser.parse("CALL sys.wait_for_job('abc')") == .waitForJob(jobID: .string("abc")))
        guard case .createSequence(let seq) = try Parser.parse("CREATE SEQUENCE s AS bigint START WITH 10 CACHE 1")
        else { Issue.record(); return }
        #expect(seq.cache == 1 && seq.start == 10)
    }

    @Test func numbersDataAPIPlaceholders() throws {
        #expect(try Parser.numberQuestionMarks("INSERT INTO users (name, email, created_at, updated_at) VALUES (?, ?, NOW(), NOW()) -- ?\n RETURNING '?'")
                == "INSERT INTO users (name, email, created_at, updated_at) VALUES ($1, $2, NOW(), NOW()) -- ?\n RETURNING '?'")
    }

    @Test func parsesScripts() throws {
        let stmts = try Parser.parseScript("BEGIN; SELECT 1; COMMIT;")
        #expect(stmts.count == 3)
        #expect(try Parser.splitScript("BEGIN;; SELECT ';' AS x -- c;\n; CREATE FUNCTION f() AS $$ a; b $$ ;") ==
                ["BEGIN", "SELECT ';' AS x", "CREATE FUNCTION f() AS $$ a; b $$"])
    }
}
