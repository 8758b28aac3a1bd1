import DSQLClient

/// A recursive-descent parser for the PostgreSQL dialect that Aurora DSQL accepts.
///
/// It produces a `Statement`, or throws a `DSQLError` with DSQL's SQLSTATE and text: PostgreSQL's
/// `syntax error at or near "X"` for malformed input, the recorded `0A000` texts for statements DSQL
/// refuses, and `0A000 ... not supported by this emulator yet` for valid DSQL this emulator lacks.
public struct Parser: Sendable {
    var tokens: [Token]
    var index = 0
    /// Expression nesting depth, bounded so hostile input cannot overflow the stack.
    var depth = 0
    let source: [Unicode.Scalar]

    public init(_ sql: String) throws(DSQLError) {
        tokens = try Lexer.tokenize(sql)
        source = Array(sql.unicodeScalars)
    }

    /// Parses exactly one statement (an optional trailing `;` is allowed).
    public static func parse(_ sql: String) throws(DSQLError) -> Statement {
        var p = try Parser(sql)
        let s = try p.parseStatement()
        while p.acceptOp(";") {}
        if p.current.kind != .eof { throw p.errorHere() }
        return s
    }

    /// Splits a `;`-separated script into statement texts (semicolons inside strings, quoted
    /// identifiers, dollar quotes and comments do not split). Empty statements are dropped.
    public static func splitScript(_ sql: String) throws(DSQLError) -> [String] {
        let tokens = try Lexer.tokenize(sql)
        let scalars = Array(sql.unicodeScalars)
        var out: [String] = []
        var start: Int?
        var end = 0
        for t in tokens {
            if t.kind == .eof || t.isOp(";") {
                if let s = start {
                    var v = String.UnicodeScalarView()
                    v.append(contentsOf: scalars[s..<end])
                    out.append(String(v))
                }
                start = nil
                continue
            }
            if start == nil { start = t.offset }
            end = t.offset + t.text.unicodeScalars.count
        }
        return out
    }

    /// Rewrites Data-API-style `?` placeholders (the seed Lambda's form) into `$1`, `$2`, ... in order.
    /// `?` inside strings, quoted identifiers and comments is left alone. PostgreSQL itself has no `?`
    /// placeholder, so callers opt in explicitly.
    public static func numberQuestionMarks(_ sql: String) throws(DSQLError) -> String {
        let tokens = try Lexer.tokenize(sql)
        let scalars = Array(sql.unicodeScalars)
        var out = String.UnicodeScalarView()
        var pos = 0
        var n = 0
        for t in tokens where t.isOp("?") {
            out.append(contentsOf: scalars[pos..<t.offset])
            n += 1
            out.append(contentsOf: "$\(n)".unicodeScalars)
            pos = t.offset + 1
        }
        out.append(contentsOf: scalars[pos...])
        return String(out)
    }

    /// Parses a `;`-separated script into statements.
    public static func parseScript(_ sql: String) throws(DSQLError) -> [Statement] {
        var p = try Parser(sql)
        var out: [Statement] = []
        while true {
            while p.acceptOp(";") {}
            if p.current.kind == .eof { return out }
            out.append(try p.parseStatement())
            if p.current.kind != .eof && !p.current.isOp(";") { throw p.errorHere() }
        }
    }

    // MARK: token helpers

    var current: Token { tokens[index] }
    func peekToken(_ ahead: Int = 1) -> Token { tokens[min(index + ahead, tokens.count - 1)] }

    mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    /// The syntax error for the current token.
    func errorHere() -> DSQLError { Self.error(at: current) }

    static func error(at t: Token) -> DSQLError {
        t.kind == .eof ? .syntaxAtEnd : .syntaxNear(t.text)
    }

    func isWord(_ w: String) -> Bool { current.isWord(w) }

    mutating func acceptWord(_ w: String) -> Bool {
        if current.isWord(w) { index += 1; return true }
        return false
    }

    mutating func acceptWords(_ ws: String...) -> Bool {
        for (i, w) in ws.enumerated() where !peekToken(i).isWord(w) { return false }
        index += ws.count
        return true
    }

    mutating func expectWord(_ w: String) throws(DSQLError) {
        guard acceptWord(w) else { throw errorHere() }
    }

    mutating func acceptOp(_ o: String) -> Bool {
        if current.isOp(o) { index += 1; return true }
        return false
    }

    mutating func expectOp(_ o: String) throws(DSQLError) {
        guard acceptOp(o) else { throw errorHere() }
    }

    /// An identifier (unquoted non-reserved word or quoted identifier).
    mutating func identifier() throws(DSQLError) -> String {
        let t = current
        switch t.kind {
        case .quotedIdent: index += 1; return t.value
        case .word where !ReservedWords.all.contains(t.value): index += 1; return t.value
        default: throw errorHere()
        }
    }

    /// Any word including reserved ones (after a `.` or where PostgreSQL allows ColLabel).
    mutating func label() throws(DSQLError) -> String {
        let t = current
        guard t.kind == .word || t.kind == .quotedIdent else { throw errorHere() }
        index += 1
        return t.value
    }

    /// A possibly schema-qualified relation name; `public.` is dropped, other schemas are refused.
    mutating func relationName() throws(DSQLError) -> String {
        let first = try identifier()
        guard acceptOp(".") else { return first }
        let second = try label()
        if first == "public" { return second }
        if first == "sys" { return "sys." + second }
        if first == "pg_catalog" || first == "information_schema" {
            let name = first + "." + second
            if Catalog.virtualNames.contains(name) { return name }
            throw .notYetSupported("querying \(name)")
        }
        throw .notYetSupported("schema \"\(first)\" (only public)")
    }

    /// `(a, b, c)`.
    mutating func identifierList() throws(DSQLError) -> [String] {
        try expectOp("(")
        var names: [String] = []
        repeat { names.append(try identifier()) } while acceptOp(",")
        try expectOp(")")
        return names
    }

    /// Source text from the token at `start` up to (not including) the current token.
    func sourceText(from start: Int) -> String {
        let a = tokens[start].offset
        let b = index > start ? tokens[index - 1].offset + tokens[index - 1].text.unicodeScalars.count : a
        var v = String.UnicodeScalarView()
        v.append(contentsOf: source[a..<b])
        return String(v)
    }

    /// An integer literal (optionally signed).
    mutating func integerLiteral() throws(DSQLError) -> Int64 {
        let neg = acceptOp("-")
        let t = current
        guard t.kind == .number, let v = Int64(t.value) else { throw errorHere() }
        index += 1
        return neg ? -v : v
    }

    // MARK: statements

    mutating func parseStatement() throws(DSQLError) -> Statement {
        let t = current
        guard t.kind == .word else {
            if t.isOp("(") { return .select(try parseSelect()) }
            throw errorHere()
        }
        switch t.value {
        case "select", "with", "values", "table": return .select(try parseSelect())
        case "insert": return .insert(try parseInsert())
        case "update": return .update(try parseUpdate())
        case "delete": return .delete(try parseDelete())
        case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release", "set":
            return try parseTransactionControl()
        case "create": return try parseCreate()
        case "drop": return try parseDrop()
        case "alter": return try parseAlter()
        case "call": return try parseCall()
        default: throw try refuseOther()
        }
    }
}

extension Parser {
    /// Parses a standalone expression (catalog DEFAULT and CHECK texts).
    public static func parseExpression(_ sql: String) throws(DSQLError) -> Expr {
        var p = try Parser(sql)
        let e = try p.parseExpr()
        if p.current.kind != .eof { throw p.errorHere() }
        return e
    }
}
