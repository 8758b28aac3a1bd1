import DSQLClient

/// CREATE INDEX ASYNC, DROP, ALTER TABLE, and the statements DSQL refuses outright.
extension Parser {
    mutating func parseCreateIndex() throws(DSQLError) -> CreateIndexStatement {
        let unique = acceptWord("unique")
        try expectWord("index")
        var async = acceptWord("async")
        if acceptWord("concurrently") { async = false }
        let ifNotExists = acceptWords("if", "not", "exists")
        var name: String?
        if !isWord("on") { name = try identifier() }
        try expectWord("on")
        _ = acceptWord("only")
        let table = try relationName()
        if acceptWord("using") {
            let method = try identifier()
            if method != "btree" { throw .notYetSupported("index method \(method)") }
        }
        try expectOp("(")
        var columns: [String] = []
        var ordering = false
        repeat {
            if current.isOp("(") || peekToken().isOp("(") { throw .notYetSupported("expression indexes") }
            columns.append(try identifier())
            if acceptWord("asc") || acceptWord("desc") { ordering = true }
            if acceptWord("nulls") { _ = acceptWord("first") || acceptWord("last"); ordering = true }
            if isWord("collate") { throw .unsupported("COLLATE not supported for CREATE INDEX") }
        } while acceptOp(",")
        try expectOp(")")
        let include = acceptWord("include") ? try identifierList() : []
        var nullsNotDistinct = false
        if acceptWords("nulls", "not", "distinct") { nullsNotDistinct = true } else { _ = acceptWords("nulls", "distinct") }
        if isWord("where") { throw .notYetSupported("partial indexes") }
        if isWord("with") || isWord("tablespace") { throw .notYetSupported("index storage options") }
        if current.kind != .eof && !current.isOp(";") { throw errorHere() }
        if !async { throw .unsupported("unsupported mode. please use CREATE INDEX ASYNC.") }
        if ordering { throw .unsupported("ASC/DESC and NULLS FIRST/LAST are not supported in CREATE INDEX ASYNC") }
        if nullsNotDistinct { throw .notYetSupported("NULLS NOT DISTINCT") }
        return CreateIndexStatement(name: name, table: table, unique: unique, ifNotExists: ifNotExists,
                                    columns: columns, include: include, nullsNotDistinct: nullsNotDistinct)
    }

    mutating func parseDrop() throws(DSQLError) -> Statement {
        try expectWord("drop")
        let what = current
        guard what.kind == .word else { throw errorHere() }
        index += 1
        switch what.value {
        case "table", "index":
            if what.value == "index", acceptWord("concurrently") || acceptWord("async") {}
            let ifExists = acceptWords("if", "exists")
            var names: [String] = []
            repeat { names.append(try relationName()) } while acceptOp(",")
            if acceptWord("cascade") { throw .notYetSupported("DROP ... CASCADE") }
            _ = acceptWord("restrict")
            return what.value == "table" ? .dropTable(names: names, ifExists: ifExists)
                : .dropIndex(names: names, ifExists: ifExists)
        case "sequence":
            let ifExists = acceptWords("if", "exists")
            var names: [String] = []
            repeat { names.append(try relationName()) } while acceptOp(",")
            if acceptWord("cascade") { throw .notYetSupported("DROP ... CASCADE") }
            _ = acceptWord("restrict")
            return .dropSequence(names: names, ifExists: ifExists)
        case "trigger": throw .unsupported("DROP TRIGGER not supported")
        case "database": throw .unsupportedStatement("DropdbStmt")
        case "tablespace": throw .unsupportedStatement("DropTableSpace")
        case "extension": throw .unsupportedStatement("DropExtension")
        default: throw .notYetSupported("DROP \(what.value.uppercased())")
        }
    }

    mutating func parseAlter() throws(DSQLError) -> Statement {
        try expectWord("alter")
        if acceptWord("system") { throw .unsupportedStatement("AlterSystem") }
        guard acceptWord("table") else {
            if current.kind == .word { throw .notYetSupported("ALTER \(current.value.uppercased())") }
            throw errorHere()
        }
        if isWord("async") { throw .notYetSupported("ALTER TABLE ASYNC") }
        let ifExists = acceptWords("if", "exists")
        _ = acceptWord("only")
        let table = try relationName()
        if acceptWord("add") {
            if isWord("constraint") || isWord("primary") || isWord("unique") || isWord("check") || isWord("foreign") {
                if acceptWord("constraint") { _ = try identifier() }
                if isWord("primary") || isWord("unique") {
                    throw .unsupported("adding \(isWord("primary") ? "PRIMARY KEY" : "UNIQUE") constraints to an existing table is not supported; declare them in CREATE TABLE")
                }
                throw .notYetSupported("ALTER TABLE ... ADD CONSTRAINT")
            }
            _ = acceptWord("column")
            let ine = acceptWords("if", "not", "exists")
            let col = try parseColumnSpec()
            if col.primaryKey || col.unique {
                throw .unsupported("adding \(col.primaryKey ? "PRIMARY KEY" : "UNIQUE") constraints to an existing table is not supported; declare them in CREATE TABLE")
            }
            try expectEnd()
            return .alterTable(AlterTableStatement(table: table, ifExists: ifExists, action: .addColumn(col, ifNotExists: ine)))
        }
        if acceptWord("drop") {
            if isWord("constraint") { throw .notYetSupported("ALTER TABLE ... DROP CONSTRAINT") }
            _ = acceptWord("column")
            let ie = acceptWords("if", "exists")
            let col = try identifier()
            if acceptWord("cascade") { throw .notYetSupported("DROP COLUMN ... CASCADE") }
            _ = acceptWord("restrict")
            try expectEnd()
            return .alterTable(AlterTableStatement(table: table, ifExists: ifExists, action: .dropColumn(col, ifExists: ie)))
        }
        if acceptWord("alter") {
            _ = acceptWord("column")
            _ = try identifier()
            if isWord("type") || isWord("set") && peekToken().isWord("data") {
                throw .unsupported("ALTER COLUMN TYPE is not supported")
            }
            throw .notYetSupported("ALTER TABLE ... ALTER COLUMN")
        }
        if current.kind == .word { throw .notYetSupported("ALTER TABLE ... \(current.value.uppercased())") }
        throw errorHere()
    }

    private mutating func expectEnd() throws(DSQLError) {
        if current.kind != .eof && !current.isOp(";") {
            if current.isOp(",") { throw .notYetSupported("multiple ALTER TABLE actions") }
            throw errorHere()
        }
    }

    /// Statements that are not SELECT/DML/DDL/transaction control.
    mutating func refuseOther() throws(DSQLError) -> DSQLError {
        let t = current
        switch t.value {
        case "truncate": return .unsupportedStatement("Truncate")
        case "vacuum": return .unsupported("unsupported VACUUM statement")
        case "listen": return .unsupportedStatement("Listen")
        case "notify": return .unsupportedStatement("Notify")
        case "unlisten": return .unsupportedStatement("Unlisten")
        case "lock": return .unsupportedStatement("Lock")
        case "explain", "analyze", "grant", "revoke", "comment", "prepare", "execute", "deallocate",
             "copy", "reset", "show", "discard", "do", "declare", "fetch", "close", "move", "reindex",
             "cluster", "checkpoint", "load", "security", "refresh", "merge", "import":
            return .notYetSupported(t.value.uppercased())
        default: return errorHere()
        }
    }
}
