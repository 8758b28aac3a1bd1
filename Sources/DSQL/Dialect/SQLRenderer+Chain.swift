/// Chains of binary operators (`a OR b OR ...`, `1 + 1 + ...`, `x || y || ...`), rendered in loops.
///
/// The parser builds a chain left-deep (`((a op b) op c) ...`) in a loop, so a chain may be as long
/// as the input: a 10,000-term OR is valid PostgreSQL. Rendering it by recursion would overflow the
/// stack, and SQLite refuses both deep parenthesis nesting (`parser stack overflow`, about 100
/// levels) and expression trees deeper than 1,000. So the renderer walks the chain's left spine in a
/// loop, and renders long runs of an associative operator as a balanced tree (depth log2 of the
/// run's length), which is exact for AND, OR and `||`, and for `+` and `*` on numbers up to
/// floating-point rounding order and which intermediate sum overflows. Long runs of other operators
/// (`-`, `/`, comparisons over mixed types) stay left-deep; past SQLite's limits they answer 54001.
extension SQLRenderer {
    /// Runs at least this long are regrouped as a balanced tree; shorter ones render as written.
    static let balancedRunLength = 32
    /// A left-deep run longer than this cannot be evaluated by SQLite: 54001 at once.
    static let maxLeftDeepRun = 90

    mutating func binaryChain(_ e: Expr, _ scope: RenderScope) throws(DSQLError) -> Typed {
        // The left spine, bottom-up: leaf, then (op, right operand) in evaluation order.
        var rights: [(op: String, expr: Expr)] = []
        var node = e
        while case .binary(let op, let left, let right) = node {
            rights.append((op, right))
            node = left
        }
        rights.reverse()
        var acc = try expr(node, scope)
        var i = 0
        while i < rights.count {
            let op = rights[i].op
            var j = i + 1
            while j < rights.count, rights[j].op == op { j += 1 }
            let run = rights[i..<j]
            if run.count >= Self.balancedRunLength, Self.isAssociative(op) {
                var operands: [Typed] = [acc]
                operands.reserveCapacity(run.count + 1)
                for item in run { operands.append(try expr(item.expr, scope)) }
                acc = try balanced(op, operands)
            } else {
                if run.count > Self.maxLeftDeepRun { throw .stackDepthExceeded }
                for item in run { acc = try binary(op, acc, try expr(item.expr, scope)) }
            }
            i = j
        }
        return acc
    }

    static func isAssociative(_ op: String) -> Bool {
        op == "and" || op == "or" || op == "||" || op == "+" || op == "*"
    }

    /// `operands[0] op operands[1] op ...` combined pairwise, level by level.
    private mutating func balanced(_ op: String, _ operands: [Typed]) throws(DSQLError) -> Typed {
        if op == "+" || op == "*" {
            // Date/time arithmetic changes type along the chain: keep it in order.
            let dt: Set<PGType.Base> = [.date, .time, .timestamp, .timestamptz, .interval]
            if operands.contains(where: { dt.contains($0.type.base) }) {
                if operands.count - 1 > Self.maxLeftDeepRun { throw .stackDepthExceeded }
                var acc = operands[0]
                for t in operands.dropFirst() { acc = try binary(op, acc, t) }
                return acc
            }
        }
        var level = operands
        while level.count > 1 {
            var next: [Typed] = []
            next.reserveCapacity((level.count + 1) / 2)
            var k = 0
            while k + 1 < level.count {
                next.append(try binary(op, level[k], level[k + 1]))
                k += 2
            }
            if k < level.count { next.append(level[k]) }
            level = next
        }
        return level[0]
    }
}
