import DSQLClient

/// Function-call grammar: ordinary calls (aggregates with DISTINCT / `*`), the SQL-standard forms
/// of substring / position / trim, and CASE.
extension Parser {
    /// SQL-standard call syntax: `substring(s FROM a [FOR b])`, `position(a IN b)`,
    /// `trim([BOTH|LEADING|TRAILING] [chars] FROM s)`. Returns nil for the plain comma form.
    mutating func parseSpecialCall(_ t: Token) throws(DSQLError) -> Expr? {
        let save = index
        index += 2
        func call(_ name: String, _ args: [Expr]) -> Expr {
            .function(FunctionCall(name: name, args: args, distinct: false, star: false, offset: t.offset))
        }
        switch t.value {
        case "substring":
            let s = try parseExpr()
            guard acceptWord("from") else { index = save; return nil }
            let from = try parseExpr()
            var args = [s, from]
            if acceptWord("for") { args.append(try parseExpr()) }
            try expectOp(")")
            return call("substring", args)
        case "position":
            let needle = try parseOther()
            try expectWord("in")
            let hay = try parseExpr()
            try expectOp(")")
            return call("position", [hay, needle])
        default: // trim
            var fn = "btrim"
            if acceptWord("both") { } else if acceptWord("leading") { fn = "ltrim" } else if acceptWord("trailing") { fn = "rtrim" }
            if acceptWord("from") {
                let s = try parseExpr()
                try expectOp(")")
                return call(fn, [s])
            }
            let first = try parseExpr()
            if acceptWord("from") {
                let s = try parseExpr()
                try expectOp(")")
                return call(fn, [s, first])
            }
            if fn != "btrim" { throw errorHere() }
            index = save
            return nil
        }
    }

    mutating func parseCall(name: String, offset: Int) throws(DSQLError) -> FunctionCall {
        try expectOp("(")
        var call = FunctionCall(name: name, args: [], distinct: false, star: false, offset: offset)
        if acceptOp(")") {
        } else if current.isOp("*"), peekToken().isOp(")") {
            index += 2
            call.star = true
        } else {
            if acceptWord("distinct") { call.distinct = true } else { _ = acceptWord("all") }
            repeat { call.args.append(try parseExpr()) } while acceptOp(",")
            if isWord("order") { throw .notYetSupported("ORDER BY inside aggregate calls") }
            try expectOp(")")
        }
        if isWord("filter") { throw .notYetSupported("FILTER clauses") }
        if isWord("over") { throw .notYetSupported("window functions") }
        return call
    }

    mutating func parseCase() throws(DSQLError) -> Expr {
        let operand: Expr? = isWord("when") ? nil : try parseExpr()
        var whens: [WhenClause] = []
        while acceptWord("when") {
            let c = try parseExpr()
            try expectWord("then")
            whens.append(WhenClause(condition: c, result: try parseExpr()))
        }
        if whens.isEmpty { throw errorHere() }
        let other: Expr? = acceptWord("else") ? try parseExpr() : nil
        try expectWord("end")
        return .caseWhen(operand: operand, whens: whens, otherwise: other)
    }
}
