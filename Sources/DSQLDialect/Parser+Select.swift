import DSQLClient

/// SELECT grammar: select list, FROM with joins, WHERE, GROUP BY, HAVING, UNION, ORDER BY, LIMIT,
/// OFFSET and the row-locking clause.
extension Parser {
    mutating func parseSelect() throws(DSQLError) -> SelectStatement {
        try enterNesting()
        defer { depth -= 1 }
        if isWord("with") { throw .notYetSupported("WITH (common table expressions)") }
        if isWord("values") { throw .notYetSupported("standalone VALUES") }
        if isWord("table") { throw .notYetSupported("TABLE statements") }
        var s: SelectStatement
        if acceptOp("(") {
            s = try parseSelect()
            try expectOp(")")
        } else {
            s = try parseSimpleSelect()
        }
        while true {
            if acceptWord("union") {
                let all = acceptWord("all")
                if !all { _ = acceptWord("distinct") }
                let arm: SelectStatement
                if acceptOp("(") { arm = try parseSelect(); try expectOp(")") } else { arm = try parseSimpleSelect() }
                s.unions.append(UnionArm(all: all, select: arm))
            } else if isWord("intersect") || isWord("except") {
                throw .notYetSupported(current.value.uppercased())
            } else { break }
        }
        if acceptWords("order", "by") {
            repeat { s.orderBy.append(try parseOrderTerm()) } while acceptOp(",")
        }
        try parseLimitAndLock(&s)
        return s
    }

    private mutating func parseLimitAndLock(_ s: inout SelectStatement) throws(DSQLError) {
        while true {
            if acceptWord("limit") {
                if acceptWord("all") { continue }
                s.limit = try parseExpr()
            } else if acceptWord("offset") {
                s.offset = try parseExpr()
                _ = acceptWord("rows") || acceptWord("row")
            } else if isWord("fetch") {
                throw .notYetSupported("FETCH FIRST")
            } else if acceptWord("for") {
                if acceptWord("update") { s.lock = .forUpdate }
                else if acceptWords("key", "share") { s.lock = .forKeyShare }
                else if acceptWord("share") { throw .unsupported("FOR SHARE is not supported") }
                else if acceptWords("no", "key", "update") { throw .unsupported("FOR NO KEY UPDATE is not supported") }
                else { throw errorHere() }
                if isWord("of") { throw .notYetSupported("FOR UPDATE OF") }
                if isWord("nowait") || isWord("skip") { throw .notYetSupported("NOWAIT / SKIP LOCKED") }
            } else { return }
        }
    }

    mutating func parseOrderTerm() throws(DSQLError) -> OrderTerm {
        let e = try parseExpr()
        var term = OrderTerm(expr: e, descending: false, nullsFirst: nil)
        if acceptWord("desc") { term.descending = true } else { _ = acceptWord("asc") }
        if isWord("using") { throw .notYetSupported("ORDER BY ... USING") }
        if acceptWord("nulls") {
            if acceptWord("first") { term.nullsFirst = true }
            else if acceptWord("last") { term.nullsFirst = false }
            else { throw errorHere() }
        }
        return term
    }

    mutating func parseSimpleSelect() throws(DSQLError) -> SelectStatement {
        try expectWord("select")
        var s = SelectStatement()
        if acceptWord("distinct") {
            if isWord("on") { throw .notYetSupported("DISTINCT ON") }
            s.distinct = true
        } else { _ = acceptWord("all") }
        if isWord("into") { throw .unsupportedStatement("CreateTableAs") }
        if !isSelectListEnd { s.items = try parseSelectItems() }
        if isWord("into") { throw .unsupportedStatement("CreateTableAs") }
        if acceptWord("from") {
            repeat { s.from.append(try parseFromItem()) } while acceptOp(",")
        }
        if acceptWord("where") { s.whereClause = try parseExpr() }
        if acceptWords("group", "by") {
            repeat { s.groupBy.append(try parseExpr()) } while acceptOp(",")
        }
        if acceptWord("having") { s.having = try parseExpr() }
        if isWord("window") { throw .notYetSupported("WINDOW clauses") }
        return s
    }

    private var isSelectListEnd: Bool {
        let t = current
        return t.kind == .eof || t.isOp(";") || t.isOp(")") || t.isWord("from") || t.isWord("where")
    }

    /// A select list or RETURNING list.
    mutating func parseSelectItems() throws(DSQLError) -> [SelectItem] {
        var items: [SelectItem] = []
        repeat {
            let e = try parseExpr()
            var alias: String?
            if acceptWord("as") { alias = try label() }
            else if current.kind == .quotedIdent || (current.kind == .word && !ReservedWords.all.contains(current.value)) {
                alias = try identifier()
            }
            if case .star = e, alias != nil { throw errorHere() }
            items.append(SelectItem(expr: e, alias: alias))
        } while acceptOp(",")
        return items
    }

    mutating func parseFromItem() throws(DSQLError) -> FromItem {
        var left = try parseFromPrimary()
        // Each join wraps the ones before it: a nesting level each.
        var joins = 0
        defer { depth -= joins }
        while true {
            var kind: Join.Kind
            if acceptWords("cross", "join") { kind = .cross }
            else if acceptWord("join") || acceptWords("inner", "join") { kind = .inner }
            else if acceptWord("left") { _ = acceptWord("outer"); try expectWord("join"); kind = .left }
            else if acceptWord("right") { _ = acceptWord("outer"); try expectWord("join"); kind = .right }
            else if acceptWord("full") { _ = acceptWord("outer"); try expectWord("join"); kind = .full }
            else if isWord("natural") { throw .notYetSupported("NATURAL JOIN") }
            else { return left }
            try enterNesting()
            joins += 1
            let right = try parseFromPrimary()
            var join = Join(kind: kind, left: left, right: right, on: nil, using: [])
            if kind != .cross {
                if acceptWord("on") { join.on = try parseExpr() }
                else if acceptWord("using") { join.using = try identifierList() }
                else { throw errorHere() }
            }
            left = .join(join)
        }
    }

    private mutating func parseFromPrimary() throws(DSQLError) -> FromItem {
        if isWord("lateral") { throw .notYetSupported("LATERAL") }
        if acceptOp("(") {
            if isWord("select") || isWord("with") || isWord("values") {
                let s = try parseSelect()
                try expectOp(")")
                _ = acceptWord("as")
                guard current.kind == .word || current.kind == .quotedIdent, !isWord("on"), !isWord("where") else {
                    throw DSQLError.syntax("subquery in FROM must have an alias")
                }
                let alias = try identifier()
                if current.isOp("(") { throw .notYetSupported("column alias lists") }
                return .subquery(s, alias: alias)
            }
            try enterNesting()
            defer { depth -= 1 }
            let inner = try parseFromItem()
            try expectOp(")")
            return inner
        }
        if isWord("only") { index += 1 }
        let offset = current.offset
        let name = try relationName()
        if current.isOp("(") { throw .notYetSupported("set-returning functions in FROM (\(name))") }
        var alias: String?
        if acceptWord("as") { alias = try identifier() }
        else if current.kind == .quotedIdent || (current.kind == .word && !ReservedWords.all.contains(current.value)) {
            alias = try identifier()
        }
        if current.isOp("(") { throw .notYetSupported("column alias lists") }
        return .table(name: name, alias: alias, offset: offset)
    }
}
