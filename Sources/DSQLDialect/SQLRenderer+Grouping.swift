import DSQLClient

/// PostgreSQL's grouping rule, which SQLite does not enforce (it allows "bare" columns):
/// with GROUP BY or aggregates, every column outside an aggregate must be grouped, or belong to a
/// table whose primary key is grouped.
extension SQLRenderer {
    func checkGrouping(_ st: SelectStatement, _ scope: RenderScope) throws(DSQLError) {
        // ORDER BY belongs to the whole UNION when there is one; otherwise it groups like the list.
        let orderTerms = st.unions.isEmpty ? st.orderBy.map(\.expr) : []
        let hasAggregate = st.items.contains { $0.expr.containsAggregate } || (st.having?.containsAggregate ?? false)
            || orderTerms.contains { $0.containsAggregate }
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
        // An explicit stack, not recursion: chains are as deep as they are long.
        func check(_ root: Expr) throws(DSQLError) {
            var stack = [root]
            while let e = stack.popLast() {
                if groupExprs.contains(e) { continue }
                switch e {
                case .function(let f) where f.isAggregate: continue
                case .column(let t, let n, _):
                    guard let (q, _) = try? scope.resolve(table: t, name: n) else { continue }
                    // Columns of outer query levels are constants here.
                    guard let q, scope.innermost.contains(where: { $0.alias == q }) else { continue }
                    if groupedColumns.contains("\(q).\(n)") || groupedTables.contains(q) { continue }
                    throw DSQLError(sqlstate: "42803",
                                    message: "column \"\(q).\(n)\" must appear in the GROUP BY clause or be used in an aggregate function")
                case .star(let t):
                    var columns: [Expr] = []
                    for item in scope.innermost where t == nil || item.alias == t {
                        for c in item.columns where !c.hidden {
                            columns.append(.column(table: item.alias, name: c.name, offset: 0))
                        }
                    }
                    stack.append(contentsOf: columns.reversed())
                case .exists, .subquery: continue
                default: stack.append(contentsOf: e.children.reversed())
                }
            }
        }
        for item in st.items { try check(item.expr) }
        if let h = st.having { try check(h) }
        for o in orderTerms {
            // An output name or ordinal stands for its select-list item, already checked.
            if case .integer = o { continue }
            if case .column(nil, let n, _) = o, st.items.contains(where: { $0.alias == n }) { continue }
            try check(o)
        }
    }
}

extension SQLRenderer {
    /// PostgreSQL's `42803 aggregate functions are not allowed in <clause>` (SQLite would say
    /// "misuse of aggregate"), for clauses evaluated per row: WHERE, JOIN ON, GROUP BY, LIMIT,
    /// OFFSET, VALUES, UPDATE's SET and RETURNING.
    static func refuseAggregates(_ e: Expr, in clause: String) throws(DSQLError) {
        if e.containsAggregate {
            throw DSQLError(sqlstate: "42803", message: "aggregate functions are not allowed in \(clause)")
        }
    }
}
