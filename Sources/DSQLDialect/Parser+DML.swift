import DSQLClient

/// INSERT, UPDATE and DELETE grammar.
extension Parser {
    mutating func parseInsert() throws(DSQLError) -> InsertStatement {
        try expectWord("insert")
        try expectWord("into")
        let table = try relationName()
        let alias: String? = acceptWord("as") ? try identifier() : nil
        var columns: [String]?
        if current.isOp("("), !(peekToken().isWord("select") || peekToken().isWord("with")) {
            columns = try identifierList()
        }
        if isWord("overriding") { throw .notYetSupported("OVERRIDING ... VALUE") }
        let source: InsertStatement.Source
        if acceptWords("default", "values") {
            source = .defaultValues
        } else if acceptWord("values") {
            var rows: [[Expr?]] = []
            repeat {
                try expectOp("(")
                var row: [Expr?] = []
                repeat {
                    if acceptWord("default") { row.append(nil) } else { row.append(try parseExpr()) }
                } while acceptOp(",")
                try expectOp(")")
                if let first = rows.first, first.count != row.count {
                    throw DSQLError.syntax("VALUES lists must all be the same length")
                }
                rows.append(row)
            } while acceptOp(",")
            source = .values(rows)
        } else if isWord("select") || isWord("with") || current.isOp("(") {
            source = .select(try parseSelect())
        } else {
            throw errorHere()
        }
        var insert = InsertStatement(table: table, alias: alias, columns: columns, source: source,
                                     conflictTarget: nil, conflictAction: nil, returning: [])
        if acceptWords("on", "conflict") {
            if current.isOp("(") {
                insert.conflictTarget = try identifierList()
                if isWord("where") { throw .notYetSupported("ON CONFLICT ... WHERE (partial index inference)") }
            } else if isWord("on") {
                throw .notYetSupported("ON CONFLICT ON CONSTRAINT")
            }
            try expectWord("do")
            if acceptWord("nothing") {
                insert.conflictAction = .nothing
            } else {
                try expectWord("update")
                if insert.conflictTarget == nil {
                    throw DSQLError(sqlstate: "42601",
                                    message: "ON CONFLICT DO UPDATE requires inference specification or constraint name")
                }
                try expectWord("set")
                let assignments = try parseAssignments()
                let w: Expr? = acceptWord("where") ? try parseExpr() : nil
                insert.conflictAction = .update(assignments: assignments, whereClause: w)
            }
        }
        if acceptWord("returning") { insert.returning = try parseSelectItems() }
        return insert
    }

    mutating func parseAssignments() throws(DSQLError) -> [Assignment] {
        var out: [Assignment] = []
        repeat {
            if current.isOp("(") { throw .notYetSupported("multi-column assignment") }
            var column = try identifier()
            if acceptOp(".") { column = try label() } // `t.col` is not PostgreSQL, but be lenient
            try expectOp("=")
            if acceptWord("default") { out.append(Assignment(column: column, value: nil)) }
            else { out.append(Assignment(column: column, value: try parseExpr())) }
        } while acceptOp(",")
        return out
    }

    mutating func parseUpdate() throws(DSQLError) -> UpdateStatement {
        try expectWord("update")
        _ = acceptWord("only")
        let table = try relationName()
        var alias: String?
        if acceptWord("as") { alias = try identifier() }
        else if !isWord("set"), current.kind == .word || current.kind == .quotedIdent { alias = try identifier() }
        try expectWord("set")
        let assignments = try parseAssignments()
        var from: [FromItem] = []
        if acceptWord("from") {
            repeat { from.append(try parseFromItem()) } while acceptOp(",")
        }
        var w: Expr?
        if acceptWord("where") {
            if isWord("current") { throw .notYetSupported("WHERE CURRENT OF") }
            w = try parseExpr()
        }
        let returning = acceptWord("returning") ? try parseSelectItems() : []
        return UpdateStatement(table: table, alias: alias, assignments: assignments, from: from,
                               whereClause: w, returning: returning)
    }

    mutating func parseDelete() throws(DSQLError) -> DeleteStatement {
        try expectWord("delete")
        try expectWord("from")
        _ = acceptWord("only")
        let table = try relationName()
        var alias: String?
        if acceptWord("as") { alias = try identifier() }
        else if current.kind == .quotedIdent || (current.kind == .word && !ReservedWords.all.contains(current.value)) {
            alias = try identifier()
        }
        if isWord("using") { throw .notYetSupported("DELETE ... USING") }
        let w: Expr? = acceptWord("where") ? try parseExpr() : nil
        let returning = acceptWord("returning") ? try parseSelectItems() : []
        return DeleteStatement(table: table, alias: alias, whereClause: w, returning: returning)
    }

    /// `CALL sys.wait_for_job('id')`; other procedures are refused.
    mutating func parseCall() throws(DSQLError) -> Statement {
        try expectWord("call")
        var name = try identifier()
        if acceptOp(".") { name += "." + (try label()) }
        try expectOp("(")
        guard name == "sys.wait_for_job" else {
            throw DSQLError(sqlstate: "42883", message: "procedure \(name) does not exist")
        }
        let arg = try parseExpr()
        try expectOp(")")
        return .waitForJob(jobID: arg)
    }
}
