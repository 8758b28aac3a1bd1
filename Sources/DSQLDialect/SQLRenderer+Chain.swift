import DSQLClient

/// Chains of binary operators (`a OR b OR ...`, `1 + 1 + ...`, `x || y || ...`), rendered in loops.
///
/// The parser builds a chain left-deep (`((a op b) op c) ...`) in a loop, so a chain may be as long
/// as the input: a 10,000-term OR is valid PostgreSQL. Rendering it by recursion would overflow the
/// stack, and SQLite refuses both deep parenthesis nesting (`parser stack overflow`, about 100
/// levels) and expression trees deeper than 1,000. So the renderer walks the chain's left spine in a
/// loop, and renders long runs of an associative operator as a balanced tree (depth log2 of the
/// run's length), which is exact for AND, OR and `||`, and for `+` and `*` on numbers up to
/// floating-point rounding order and which intermediate sum overflows; a long run of `+` and `-` is
/// the balanced sum of its added terms minus that of its subtracted ones. Long runs of other
/// operators (`/`, `%`) stay left-deep; past SQLite's limits they answer 54001.
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
            // `+` and `-` form one run: a - b + c = (a + c) - (b), regrouped below.
            let additive = op == "+" || op == "-"
            while j < rights.count, rights[j].op == op || (additive && (rights[j].op == "+" || rights[j].op == "-")) { j += 1 }
            let run = rights[i..<j]
            if additive, run.count >= Self.balancedRunLength, run.contains(where: { $0.op == "-" }) {
                var plus: [Typed] = [acc], minus: [Typed] = []
                for item in run {
                    let t = try expr(item.expr, scope)
                    if item.op == "+" { plus.append(t) } else { minus.append(t) }
                }
                acc = try difference(plus, minus, run)
            } else if run.count >= Self.balancedRunLength, Self.isAssociative(op) {
                var operands: [Typed] = [acc]
                operands.reserveCapacity(run.count + 1)
                for item in run { operands.append(try expr(item.expr, scope)) }
                acc = try balanced(op, operands)
            } else {
                if run.count > Self.maxLeftDeepRun { throw .stackDepthExceeded }
                for item in run { acc = try binary(item.op, acc, try expr(item.expr, scope)) }
            }
            i = j
        }
        return acc
    }

    /// A long run of `+` and `-`: the sum of the added terms minus the sum of the subtracted ones,
    /// each sum balanced (date/time operands change type along the run: kept in order instead).
    private mutating func difference(_ plus: [Typed], _ minus: [Typed], _ run: ArraySlice<(op: String, expr: Expr)>)
        throws(DSQLError) -> Typed
    {
        let dt: Set<PGType.Base> = [.date, .time, .timestamp, .timestamptz, .interval]
        if plus.contains(where: { dt.contains($0.type.base) }) || minus.contains(where: { dt.contains($0.type.base) }) {
            if run.count > Self.maxLeftDeepRun { throw .stackDepthExceeded }
            var acc = plus[0]
            var p = 1, m = 0
            for item in run {
                if item.op == "+" { acc = try binary("+", acc, plus[p]); p += 1 } else { acc = try binary("-", acc, minus[m]); m += 1 }
            }
            return acc
        }
        return try binary("-", try balanced("+", plus), try balanced("+", minus))
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
