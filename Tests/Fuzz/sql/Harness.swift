// libFuzzer entry point for the SQL dialect: lexer, parser and renderer. Built by run.sh in one
// module with Sources/DSQLDialect and Sources/DSQLClient, never by SwiftPM.
//
// Each input is one SQL text (invalid UTF-8 is repaired, as String(decoding:) does). It is split,
// rewritten for `?` placeholders, parsed and prepared against a catalog with a few tables; every
// failure must be a DSQLError with a five-character SQLSTATE (the typed throws make any other
// error impossible), and nothing may trap, overflow the stack or run away.

/// The catalog every input is prepared against: the seed's users table and two more.
let fuzzCatalog: Catalog = {
    var catalog = Catalog()
    let context = DDLContext(jobID: "fuzz", timestamp: 1_700_000_000_000_000)
    for ddl in [
        "CREATE TABLE users (id uuid PRIMARY KEY, name varchar(255) NOT NULL, email varchar(255) UNIQUE, created_at timestamp DEFAULT now())",
        "CREATE TABLE t (id int PRIMARY KEY, a int, b text, c numeric(10,2), d jsonb, e bool, f timestamptz)",
        "CREATE TABLE u (k bigint PRIMARY KEY, v text CHECK (length(v) < 100))",
    ] {
        catalog = try! catalog.applying(sql: ddl, context: context).catalog
    }
    return catalog
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQLDialect(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let sql = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    check { () throws(DSQLError) in _ = try Parser.splitScript(sql) }
    check { () throws(DSQLError) in _ = try Parser.numberQuestionMarks(sql) }
    check { () throws(DSQLError) in _ = try Parser.parseExpression(sql) }
    check { () throws(DSQLError) in
        for statement in try Parser.parseScript(sql) {
            let p = try Dialect.prepare(statement, catalog: fuzzCatalog,
                                        ddlContext: DDLContext(jobID: "fuzz", timestamp: 1_700_000_000_000_000))
            precondition(p.parameterTypes.count == p.parameterCount)
        }
    }
    return 0
}

func check(_ body: () throws(DSQLError) -> Void) {
    do { try body() } catch {
        precondition(error.sqlstate.utf8.count == 5, "SQLSTATE \(error.sqlstate) for \(error.message)")
        precondition(!error.message.isEmpty, "empty message for \(error.sqlstate)")
    }
}
