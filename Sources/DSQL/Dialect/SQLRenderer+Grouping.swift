/// PostgreSQL's grouping rule, which SQLite does not enforce (it allows "bare" columns):
/// with GROUP BY or aggregates, every column outside an aggregate must be grouped, or belong to a
/// table whose primary key is grouped.
extension SQLRenderer {
    func checkGrouping(_ st: SelectStatement, _ scope: RenderScope) throws(DSQLError) {
        let hasAggregate = st.items.contains { $0.expr.containsAggregate } || (st.having?.containsAggregate ?? false)
        guard !st.groupBy.isEmpty || hasAggregate else { return }
        // Ordinals and output-column names in GROUP BY stand for the select-list expression.
        let groupExprs: [Expr] = st.groupBy.map { g in
            if case .integer(let k) = g, k >= 1, Int(k) <= st.items.count { return st.items[Int(k) - 1].expr }
            if case .column(nil, let n, _) = g, (try? scope.resolve(table: nil, name: n)) == nil,
               let item = st.items.first(where: { $0.alias == n }) { return item.expr }
            return g
        }
        var groupedColumns: Set<String> = []
        for g in groupExprs {
            if case .column(let t, let n, _) = g, let (q, _) = try? scope.resolve(table: t, name: n) {
                groupedColumns.insert("\(q ?? "").\(n)")
            }
        }
        var groupedTables: Set<String> = []
        for item in scope.innermost {
            if let t = item.table, !t.primaryKey.isEmpty,
               t.primaryKey.allSatisfy({ groupedColumns.contains("\(item.alias).\($0)") }) {
                groupedTables.insert(item.alias)
            }
        }
        func check(_ e: Expr) throws(DSQLError) {
            if groupExprs.contains(e) { return }
            switch e {
            case .function(let f) where f.isAggregate: return
            case .column(let t, let n, _):
                guard let (q, _) = try? scope.resolve(table: t, name: n) else { return }
                // Columns of outer query levels are constants here.
                guard let q, scope.innermost.contains(where: { $0.alias == q }) else { return }
                if groupedColumns.contains("\(q).\(n)") || groupedTables.contains(q) { return }
                throw DSQLError(sqlstate: "42803",
                                message: "column \"\(q).\(n)\" must appear in the GROUP BY clause or be used in an aggregate function")
            case .star(let t):
                for item in scope.innermost where t == nil || item.alias == t {
                    for c in item.columns where !c.hidden {
                        try check(.column(table: item.alias, name: c.name, offset: 0))
                    }
                }
            case .unary(_, let x), .isNull(let x, _), .isBool(let x, _, _), .cast(let x, _): try check(x)
            case .binary(_, let a, let b), .isDistinct(let a, let b, _): try check(a); try check(b)
            case .between(let x, let l, let h, _): try check(x); try check(l); try check(h)
            case .inList(let x, let list, _): try check(x); for i in list { try check(i) }
            case .inSubquery(let x, _, _): try check(x)
            case .like(let x, let p, let esc, _, _): try check(x); try check(p); if let esc { try check(esc) }
            case .caseWhen(let op, let whens, let other):
                if let op { try check(op) }
                for w in whens { try check(w.condition); try check(w.result) }
                if let other { try check(other) }
            case .function(let f): for a in f.args { try check(a) }
            default: return
            }
        }
        for item in st.items { try check(item.expr) }
        if let h = st.having { try check(h) }
    }
}
