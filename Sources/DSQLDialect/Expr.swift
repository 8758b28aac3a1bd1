import DSQLClient

/// A scalar expression of the PostgreSQL dialect, as parsed.
///
/// Expressions are values (an indirect enum) so that analysis and rendering are pure functions over
/// them. Column references and function calls keep their source offset for error positions.
public indirect enum Expr: Sendable, Hashable {
    case null
    case bool(Bool)
    /// An integer literal that fits in Int64.
    case integer(Int64)
    /// A non-integer numeric literal, kept as text (`1.50`, `1e3`).
    case decimal(String)
    case string(String)
    /// `$n` (1-based).
    case param(Int)
    /// `[table.]name`.
    case column(table: String?, name: String, offset: Int)
    /// `*` or `t.*`, only valid in a select list or `count(*)`.
    case star(table: String?)
    /// Prefix operator: `-`, `+`, `not`.
    case unary(String, Expr)
    /// Infix operator: arithmetic, comparison, `and`, `or`, `||`, `->`, `->>`.
    case binary(String, Expr, Expr)
    case isNull(Expr, negated: Bool)
    /// `x IS [NOT] TRUE|FALSE`.
    case isBool(Expr, value: Bool, negated: Bool)
    /// `x IS [NOT] DISTINCT FROM y`.
    case isDistinct(Expr, Expr, negated: Bool)
    case between(Expr, low: Expr, high: Expr, negated: Bool)
    case inList(Expr, [Expr], negated: Bool)
    case inSubquery(Expr, SelectStatement, negated: Bool)
    case exists(SelectStatement)
    case subquery(SelectStatement)
    case like(Expr, pattern: Expr, escape: Expr?, caseInsensitive: Bool, negated: Bool)
    case caseWhen(operand: Expr?, whens: [WhenClause], otherwise: Expr?)
    case cast(Expr, PGType)
    /// A function call; `name` lower-cased (schema-qualified names are joined with `.`).
    case function(FunctionCall)
}

/// One `WHEN cond THEN result` arm of a CASE expression.
public struct WhenClause: Sendable, Hashable {
    public var condition: Expr
    public var result: Expr
}

/// A function call expression, including aggregates (`count(*)`, `count(DISTINCT x)`).
public struct FunctionCall: Sendable, Hashable {
    public var name: String
    public var args: [Expr]
    public var distinct: Bool
    /// `count(*)`.
    public var star: Bool
    public var offset: Int
    /// True when written `EXTRACT(field FROM x)` (returns numeric; `date_part` returns double).
    public var extract = false

    /// True for the aggregate functions this dialect knows.
    public var isAggregate: Bool { Self.aggregates.contains(name) }
    static let aggregates: Set<String> = ["count", "sum", "avg", "min", "max", "bool_and", "bool_or", "string_agg"]
}

extension Expr {
    /// The direct sub-expressions, in source order (not descending into subqueries).
    public var children: [Expr] {
        switch self {
        case .unary(_, let e), .isNull(let e, _), .isBool(let e, _, _), .cast(let e, _), .inSubquery(let e, _, _): [e]
        case .binary(_, let a, let b), .isDistinct(let a, let b, _): [a, b]
        case .between(let e, let l, let h, _): [e, l, h]
        case .inList(let e, let list, _): [e] + list
        case .like(let e, let p, let esc, _, _): esc.map { [e, p, $0] } ?? [e, p]
        case .caseWhen(let op, let whens, let other):
            (op.map { [$0] } ?? []) + whens.flatMap { [$0.condition, $0.result] } + (other.map { [$0] } ?? [])
        case .function(let f): f.args
        default: []
        }
    }

    /// True when the expression contains an aggregate call outside any subquery. Walks with an
    /// explicit stack: a 10,000-term chain is as deep as it is long.
    public var containsAggregate: Bool {
        var stack = [self]
        while let e = stack.popLast() {
            if case .function(let f) = e, f.isAggregate { return true }
            stack.append(contentsOf: e.children)
        }
        return false
    }

    /// The largest `$n` used in the expression, including subqueries.
    public var maxParam: Int {
        var m = 0
        visit { if case .param(let n) = $0 { m = max(m, n) } }
        return m
    }

    /// Calls `body` for this expression and every sub-expression, in pre-order (descending into
    /// subqueries). Iterative, for the same reason as `containsAggregate`.
    public func visit(_ body: (Expr) -> Void) {
        var stack = [self]
        while let e = stack.popLast() {
            body(e)
            switch e {
            case .inSubquery(_, let s, _), .exists(let s), .subquery(let s): s.visitExprs(body)
            default: break
            }
            stack.append(contentsOf: e.children.reversed())
        }
    }
}
