import DSQLClient

/// Expression grammar with PostgreSQL's operator precedence:
/// OR < AND < NOT < IS < comparison < BETWEEN/IN/LIKE < other operators (`||`, `->>`) < `+ -` < `* / %`
/// < unary minus < `::`.
extension Parser {
    /// How deep expressions and subqueries may nest (parentheses, NOT, unary minus, casts, IS
    /// tests, subqueries, function arguments); deeper input answers PostgreSQL's `54001`. Chains
    /// of binary operators (`a OR b OR ...`, `1 + 1 + ...`) do not nest: the parser builds them
    /// in loops and the renderer walks them in loops, so they may be as long as the input.
    static let maxDepth = 200

    /// Enters one nesting level; pair with `depth -= 1` (a `defer`) in the caller.
    mutating func enterNesting(_ levels: Int = 1) throws(DSQLError) {
        depth += levels
        if depth > Self.maxDepth {
            depth -= levels
            throw .stackDepthExceeded
        }
    }

    mutating func parseExpr() throws(DSQLError) -> Expr {
        try enterNesting()
        defer { depth -= 1 }
        var e = try parseAnd()
        while acceptWord("or") { e = .binary("or", e, try parseAnd()) }
        return e
    }

    mutating func parseAnd() throws(DSQLError) -> Expr {
        var e = try parseNot()
        while acceptWord("and") { e = .binary("and", e, try parseNot()) }
        return e
    }

    mutating func parseNot() throws(DSQLError) -> Expr {
        if acceptWord("not") {
            try enterNesting()
            defer { depth -= 1 }
            return .unary("not", try parseNot())
        }
        return try parseIs()
    }

    mutating func parseIs() throws(DSQLError) -> Expr {
        var e = try parseComparison()
        // Each test wraps the one before (`x IS NULL IS NULL ...`): a nesting level each.
        var levels = 0
        defer { depth -= levels }
        while true {
            if current.isWord("isnull") || current.isWord("notnull") || current.isWord("is") {
                try enterNesting()
                levels += 1
            }
            if acceptWord("isnull") { e = .isNull(e, negated: false); continue }
            if acceptWord("notnull") { e = .isNull(e, negated: true); continue }
            guard acceptWord("is") else { return e }
            let neg = acceptWord("not")
            if acceptWord("null") { e = .isNull(e, negated: neg) }
            else if acceptWord("true") { e = .isBool(e, value: true, negated: neg) }
            else if acceptWord("false") { e = .isBool(e, value: false, negated: neg) }
            else if acceptWords("distinct", "from") { e = .isDistinct(e, try parseComparison(), negated: neg) }
            else { throw errorHere() }
        }
    }

    mutating func parseComparison() throws(DSQLError) -> Expr {
        let e = try parsePredicate()
        for op in ["=", "<>", "<", ">", "<=", ">="] where current.isOp(op) {
            index += 1
            if isWord("any") || isWord("all") || isWord("some") { throw .notYetSupported("ANY/ALL comparisons") }
            return .binary(op, e, try parsePredicate())
        }
        return e
    }

    mutating func parsePredicate() throws(DSQLError) -> Expr {
        let e = try parseOther()
        let save = index
        let neg = acceptWord("not")
        if acceptWord("between") {
            if isWord("symmetric") { throw .notYetSupported("BETWEEN SYMMETRIC") }
            _ = acceptWord("asymmetric")
            let low = try parseOther()
            try expectWord("and")
            return .between(e, low: low, high: try parseOther(), negated: neg)
        }
        if acceptWord("in") {
            try expectOp("(")
            if isWord("select") || isWord("with") {
                let s = try parseSelect()
                try expectOp(")")
                return .inSubquery(e, s, negated: neg)
            }
            var list: [Expr] = []
            repeat { list.append(try parseExpr()) } while acceptOp(",")
            try expectOp(")")
            return .inList(e, list, negated: neg)
        }
        if isWord("like") || isWord("ilike") {
            let ci = advance().value == "ilike"
            let pattern = try parseOther()
            let esc: Expr? = acceptWord("escape") ? try parseOther() : nil
            return .like(e, pattern: pattern, escape: esc, caseInsensitive: ci, negated: neg)
        }
        if isWord("similar") { throw .notYetSupported("SIMILAR TO") }
        index = save
        return e
    }

    mutating func parseOther() throws(DSQLError) -> Expr {
        var e = try parseAdd()
        while true {
            let t = current
            if t.kind == .op, ["~", "^", "&", "|", "#", "!", "@", "?"].contains(t.value) {
                throw .notYetSupported("operator \(t.value)")
            }
            guard t.kind == .op, ["||", "->", "->>", "#>", "#>>", "@>", "<@"].contains(t.value) else { return e }
            index += 1
            if t.value != "||" && t.value != "->" && t.value != "->>" { throw .notYetSupported("operator \(t.value)") }
            e = .binary(t.value, e, try parseAdd())
        }
    }

    mutating func parseAdd() throws(DSQLError) -> Expr {
        var e = try parseMul()
        while current.isOp("+") || current.isOp("-") {
            let op = advance().value
            e = .binary(op, e, try parseMul())
        }
        return e
    }

    mutating func parseMul() throws(DSQLError) -> Expr {
        var e = try parseUnary()
        while current.isOp("*") || current.isOp("/") || current.isOp("%") {
            let op = advance().value
            e = .binary(op, e, try parseUnary())
        }
        return e
    }

    mutating func parseUnary() throws(DSQLError) -> Expr {
        if acceptOp("-") {
            try enterNesting()
            defer { depth -= 1 }
            let inner = try parseUnary()
            if case .integer(let v) = inner { return .integer(-v) }
            if case .decimal(let s) = inner { return .decimal("-" + s) }
            return .unary("-", inner)
        }
        if acceptOp("+") {
            try enterNesting()
            defer { depth -= 1 }
            return try parseUnary()
        }
        return try parsePostfix()
    }

    mutating func parsePostfix() throws(DSQLError) -> Expr {
        var e = try parsePrimary()
        // Each cast wraps the one before (`x::int::text::...`): a nesting level each.
        var casts = 0
        defer { depth -= casts }
        while acceptOp("::") {
            try enterNesting()
            casts += 1
            e = .cast(e, try parseType())
        }
        if isWord("at"), peekToken().isWord("time") { throw .notYetSupported("AT TIME ZONE") }
        if isWord("collate") { throw .notYetSupported("COLLATE in expressions") }
        if current.isOp("[") { throw .notYetSupported("array subscripts") }
        return e
    }

    /// The highest `$n` PostgreSQL accepts (`INT_MAX / sizeof(Oid)`, parse_param.c).
    static let maxParameterNumber: Int32 = Int32.max / 4

    mutating func parsePrimary() throws(DSQLError) -> Expr {
        let t = current
        switch t.kind {
        case .eof: throw errorHere()
        case .number:
            index += 1
            if let v = Int64(t.value) { return .integer(v) }
            return .decimal(t.value)
        case .string: index += 1; return .string(t.value)
        case .param:
            index += 1
            // PostgreSQL: beyond Int32 the lexer refuses the number; `$0`, and numbers no
            // parameter array could hold, are "there is no parameter". Nothing is allocated here:
            // the session checks the count against the parameters given before preparing.
            guard let n = Int32(t.value) else {
                throw .syntax("parameter number too large at or near \"\(t.text)\"")
            }
            guard n >= 1, n <= Self.maxParameterNumber else { throw .noParameter(Int(n)) }
            return .param(Int(n))
        case .op:
            if acceptOp("(") {
                if isWord("select") || isWord("with") || isWord("values") {
                    let s = try parseSelect()
                    try expectOp(")")
                    return .subquery(s)
                }
                let e = try parseExpr()
                if current.isOp(",") { throw .notYetSupported("row constructors") }
                try expectOp(")")
                return e
            }
            if t.isOp("*") { index += 1; return .star(table: nil) }
            throw errorHere()
        case .quotedIdent, .word:
            return try parseWordExpr()
        }
    }

    private mutating func parseWordExpr() throws(DSQLError) -> Expr {
        let t = current
        if t.kind == .word {
            switch t.value {
            case "null": index += 1; return .null
            case "true": index += 1; return .bool(true)
            case "false": index += 1; return .bool(false)
            case "current_timestamp", "localtimestamp", "current_date", "current_time", "localtime":
                index += 1
                if current.isOp("(") { throw .notYetSupported("\(t.value) with precision") }
                return .function(FunctionCall(name: t.value, args: [], distinct: false, star: false, offset: t.offset))
            case "case": index += 1; return try parseCase()
            case "cast":
                index += 1
                try expectOp("(")
                let e = try parseExpr()
                try expectWord("as")
                let ty = try parseType()
                try expectOp(")")
                return .cast(e, ty)
            case "exists":
                index += 1
                try expectOp("(")
                let s = try parseSelect()
                try expectOp(")")
                return .exists(s)
            case "not": index += 1; return .unary("not", try parseNot())
            case "substring" where peekToken().isOp("("), "position" where peekToken().isOp("("),
                 "trim" where peekToken().isOp("("):
                if let special = try parseSpecialCall(t) { return special }
            case "current_user", "session_user", "user", "current_role", "current_catalog":
                throw .notYetSupported(t.value.uppercased())
            case "current_schema":
                index += 1
                if acceptOp("(") { try expectOp(")") }
                return .function(FunctionCall(name: "current_schema", args: [], distinct: false, star: false, offset: t.offset))
            case "extract" where peekToken().isOp("("):
                index += 2
                let fieldToken = current
                guard fieldToken.kind == .word || fieldToken.kind == .string else { throw errorHere() }
                index += 1
                try expectWord("from")
                let source = try parseExpr()
                try expectOp(")")
                return .function(FunctionCall(name: "date_part", args: [.string(fieldToken.value), source],
                                              distinct: false, star: false, offset: t.offset, extract: true))
            case "array": throw .notYetSupported("ARRAY expressions")
            case "interval", "date", "timestamp", "timestamptz", "time", "uuid", "boolean", "bool", "numeric",
                 "integer", "int", "bigint", "text", "jsonb", "json", "bytea", "real":
                if peekToken().kind == .string {
                    let ty = try parseType()
                    let s = advance().value
                    return .cast(.string(s), ty)
                }
            default: break
            }
            if ReservedWords.all.contains(t.value) && t.value != "left" && t.value != "right" { throw errorHere() }
        }
        index += 1
        var name = t.value
        if acceptOp(".") {
            if acceptOp("*") { return .star(table: name) }
            let second = try label()
            if current.isOp("(") { name = name + "." + second }
            else {
                if acceptOp(".") { // schema.table.column
                    let third = try label()
                    if name != "public" { throw .notYetSupported("schema \"\(name)\" (only public)") }
                    return .column(table: second, name: third, offset: t.offset)
                }
                return .column(table: name, name: second, offset: t.offset)
            }
        }
        if current.isOp("(") { return .function(try parseCall(name: name, offset: t.offset)) }
        return .column(table: nil, name: name, offset: t.offset)
    }
}
