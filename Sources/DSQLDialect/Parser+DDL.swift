import DSQLClient

/// CREATE / DROP / ALTER grammar, with DSQL's refusals (dsql.md §5.4, §5.5).
extension Parser {
    mutating func parseCreate() throws(DSQLError) -> Statement {
        try expectWord("create")
        let orReplace = acceptWords("or", "replace")
        if acceptWord("temp") || acceptWord("temporary") || ((isWord("global") || isWord("local")) && peekToken().isWord("temporary")) {
            throw .unsupported("TEMPORARY or TEMP table not supported for CREATE TABLE")
        }
        if acceptWord("unlogged") { throw .unsupported("UNLOGGED table not supported for CREATE TABLE") }
        let t = current
        if orReplace, !["function", "procedure", "trigger", "constraint", "view", "rule", "aggregate"].contains(t.value) {
            throw errorHere()
        }
        switch t.kind == .word ? t.value : "" {
        case "table": return .createTable(try parseCreateTable())
        case "unique", "index": return .createIndex(try parseCreateIndex())
        case "sequence": return .createSequence(try parseCreateSequence())
        case "trigger", "constraint": throw .unsupported("CREATE TRIGGER not supported")
        case "function", "procedure": throw refuseFunction()
        case "type": throw refuseType()
        case "tablespace": throw .unsupportedStatement("CreateTableSpace")
        case "materialized": throw .unsupportedStatement("CreateTableAs")
        case "foreign": throw .unsupportedStatement("CreateForeignTable")
        case "extension": throw .unsupportedStatement("CreateExtension")
        case "database": throw .unsupportedStatement("Createdb")
        case "view", "recursive", "domain", "schema", "role", "user", "policy", "aggregate", "cast",
             "statistics", "publication", "subscription", "rule", "collation", "operator", "event":
            throw .notYetSupported("CREATE \(t.value.uppercased())")
        default: throw errorHere()
        }
    }

    /// CREATE FUNCTION/PROCEDURE: plpgsql (and other non-SQL languages) are refused as DSQL does;
    /// LANGUAGE sql is valid DSQL that this emulator does not implement.
    private func refuseFunction() -> DSQLError {
        var i = index
        while i < tokens.count - 1 {
            if tokens[i].isWord("language") {
                let lang = tokens[i + 1].value.lowercased()
                if lang == "sql" { return .notYetSupported("CREATE FUNCTION with LANGUAGE sql") }
                return .unsupported("CREATE FUNCTION with language \(lang) not supported")
            }
            i += 1
        }
        return .notYetSupported("CREATE FUNCTION")
    }

    private func refuseType() -> DSQLError {
        if peekToken(2).isWord("as") {
            if peekToken(3).isWord("enum") { return .unsupported("CREATE TYPE not supported") }
            if peekToken(3).isWord("range") { return .unsupportedStatement("CreateRange") }
            if peekToken(3).isOp("(") { return .unsupportedStatement("CompositeType") }
        }
        return .unsupported("CREATE TYPE not supported")
    }

    mutating func parseCreateTable() throws(DSQLError) -> CreateTableStatement {
        try expectWord("table")
        let ifNotExists = acceptWords("if", "not", "exists")
        let name = try relationName()
        if isWord("as") { throw .unsupportedStatement("CreateTableAs") }
        if isWord("partition") { throw .unsupported("PARTITION OF not supported for CREATE TABLE") }
        if isWord("of") { throw .notYetSupported("typed tables (CREATE TABLE ... OF)") }
        try expectOp("(")
        var stmt = CreateTableStatement(name: name, ifNotExists: ifNotExists, columns: [], constraints: [])
        if !current.isOp(")") {
            repeat {
                if isWord("constraint") || isWord("primary") || isWord("unique") || isWord("check")
                    || isWord("foreign") || isWord("exclude") {
                    stmt.constraints.append(try parseTableConstraint())
                } else if isWord("like") {
                    throw .notYetSupported("CREATE TABLE ... (LIKE ...)")
                } else {
                    stmt.columns.append(try parseColumnSpec())
                }
            } while acceptOp(",")
        }
        try expectOp(")")
        if isWord("as") { throw .unsupportedStatement("CreateTableAs") }
        if isWord("inherits") { throw .unsupported("INHERITS not supported for CREATE TABLE") }
        if isWord("partition") { throw .unsupported("PARTITION BY not supported for CREATE TABLE") }
        if isWord("tablespace") { throw .unsupportedStatement("CreateTableSpace") }
        if isWord("with") || isWord("without") || isWord("on") || isWord("using") {
            throw .notYetSupported("CREATE TABLE storage options")
        }
        return stmt
    }

    mutating func parseTableConstraint() throws(DSQLError) -> TableConstraint {
        let name: String? = acceptWord("constraint") ? try identifier() : nil
        if acceptWords("primary", "key") {
            let cols = try identifierList()
            if isWord("include") || isWord("with") || isWord("using") { throw .notYetSupported("index options on PRIMARY KEY") }
            return .primaryKey(name: name, columns: cols)
        }
        if acceptWord("unique") {
            if acceptWords("nulls", "not", "distinct") || acceptWords("nulls", "distinct") {
                throw .notYetSupported("UNIQUE NULLS [NOT] DISTINCT")
            }
            let cols = try identifierList()
            if isWord("include") || isWord("with") || isWord("using") { throw .notYetSupported("index options on UNIQUE") }
            return .unique(name: name, columns: cols)
        }
        if acceptWord("check") {
            return .check(CheckSpec(name: name, exprSQL: try parseCheckBody()))
        }
        if isWord("foreign") { throw .notYetSupported("FOREIGN KEY constraints") }
        if isWord("exclude") { throw .unsupported("EXCLUDE constraints not supported") }
        throw errorHere()
    }

    /// A DDL statement takes no parameters: PostgreSQL answers `$n` in a DEFAULT or CHECK with
    /// `42P02 there is no parameter $n` (SQLite would refuse it with its own words, or bind NULL).
    static func refuseParameters(_ e: Expr) throws(DSQLError) {
        var first: Int?
        e.visit { if first == nil, case .param(let n) = $0 { first = n } }
        if let first { throw .noParameter(first) }
    }

    private mutating func parseCheckBody() throws(DSQLError) -> String {
        try expectOp("(")
        let start = index
        try Self.refuseParameters(try parseExpr())
        let text = sourceText(from: start)
        try expectOp(")")
        if isWord("no") { throw .notYetSupported("CHECK ... NO INHERIT") }
        if isWord("not") && peekToken().isWord("valid") { throw .notYetSupported("NOT VALID constraints") }
        return text
    }

    mutating func parseColumnSpec() throws(DSQLError) -> ColumnSpec {
        let name = try identifier()
        var col = ColumnSpec(name: name, type: try parseType())
        while true {
            let cname: String? = acceptWord("constraint") ? try identifier() : nil
            if acceptWords("not", "null") { col.notNull = true }
            else if acceptWord("null") { }
            else if acceptWords("primary", "key") { col.primaryKey = true; col.primaryKeyName = cname }
            else if acceptWord("unique") {
                if isWord("nulls") { throw .notYetSupported("UNIQUE NULLS [NOT] DISTINCT") }
                col.unique = true; col.uniqueName = cname
            }
            else if acceptWord("check") { col.checks.append(CheckSpec(name: cname, exprSQL: try parseCheckBody())) }
            else if acceptWord("default") {
                let start = index
                try Self.refuseParameters(try parseComparison())
                col.defaultSQL = sourceText(from: start)
            }
            else if acceptWord("generated") { col.identity = try parseIdentity(type: col.type) }
            else if isWord("collate") { throw .unsupported("COLLATE not supported for CREATE TABLE") }
            else if isWord("references") { throw .notYetSupported("REFERENCES (foreign keys)") }
            else if isWord("deferrable") || isWord("initially") { throw .notYetSupported("deferrable constraints") }
            else {
                if cname != nil { throw errorHere() }
                return col
            }
        }
    }

    /// After GENERATED: `ALWAYS | BY DEFAULT AS IDENTITY [( options )]`.
    private mutating func parseIdentity(type: PGType) throws(DSQLError) -> IdentitySpec {
        let always: Bool
        if acceptWord("always") { always = true } else { try expectWord("by"); try expectWord("default"); always = false }
        try expectWord("as")
        if current.isOp("(") { throw .notYetSupported("generated columns (GENERATED ... AS (expr) STORED)") }
        try expectWord("identity")
        var cache: Int64?
        if acceptOp("(") {
            while !acceptOp(")") {
                let opts = try parseSequenceOption()
                if let c = opts.cache { cache = c }
                if opts.other { throw .notYetSupported("identity options other than CACHE") }
            }
        }
        if type.base != .bigint {
            throw DSQLError(sqlstate: "0A000", message: "identity columns must be of type bigint")
        }
        try Self.checkCache(cache)
        return IdentitySpec(always: always, cache: cache ?? 1)
    }

    /// DSQL needs an explicit CACHE of 1 or at least 65536 (dsql.md §5.5; text not recorded).
    static func checkCache(_ cache: Int64?) throws(DSQLError) {
        guard let cache, cache == 1 || cache >= 65536 else {
            throw DSQLError(sqlstate: "22023", message: "CACHE must be 1 or at least 65536")
        }
    }

    /// One sequence option; returns the CACHE value if it was CACHE, and whether it was something else.
    mutating func parseSequenceOption() throws(DSQLError) -> (cache: Int64?, start: Int64?, increment: Int64?, other: Bool) {
        if acceptWord("cache") { return (try integerLiteral(), nil, nil, false) }
        if acceptWord("start") { _ = acceptWord("with"); return (nil, try integerLiteral(), nil, false) }
        if acceptWord("increment") { _ = acceptWord("by"); return (nil, nil, try integerLiteral(), false) }
        if acceptWord("minvalue") || acceptWord("maxvalue") { _ = try integerLiteral(); return (nil, nil, nil, true) }
        if acceptWords("no", "minvalue") || acceptWords("no", "maxvalue") || acceptWords("no", "cycle") {
            return (nil, nil, nil, false)
        }
        if acceptWord("cycle") { return (nil, nil, nil, true) }
        throw errorHere()
    }

    mutating func parseCreateSequence() throws(DSQLError) -> CreateSequenceStatement {
        try expectWord("sequence")
        let ifNotExists = acceptWords("if", "not", "exists")
        let name = try relationName()
        var seq = CreateSequenceStatement(name: name, ifNotExists: ifNotExists, cache: 1, start: 1, increment: 1)
        var cache: Int64?
        while current.kind != .eof && !current.isOp(";") {
            if acceptWord("as") {
                let ty = try parseType()
                if ty.base != .bigint { throw DSQLError(sqlstate: "0A000", message: "sequences must be of type bigint") }
                continue
            }
            if isWord("owned") { throw .notYetSupported("OWNED BY") }
            let o = try parseSequenceOption()
            if let c = o.cache { cache = c }
            if let s = o.start { seq.start = s }
            if let i = o.increment { seq.increment = i }
            if o.other { throw .notYetSupported("sequence MINVALUE/MAXVALUE/CYCLE") }
        }
        try Self.checkCache(cache)
        seq.cache = cache ?? 1
        return seq
    }
}
