import DSQLClient

/// Entry point of the SQL dialect: parse a statement, check it against the catalog, render SQLite SQL.
///
/// Errors are `DSQLError`s with DSQL's SQLSTATE and text, raised before anything runs.
public enum Dialect {
    /// Parses and prepares `sql` against `catalog`. DDL is applied to a copy of the catalog with
    /// `ddlContext` (required for DDL; a placeholder context is used when nil).
    public static func prepare(_ sql: String, catalog: Catalog, ddlContext: DDLContext? = nil) throws(DSQLError) -> PreparedStatement {
        try prepare(try Parser.parse(sql), catalog: catalog, ddlContext: ddlContext)
    }

    public static func prepare(_ stmt: Statement, catalog: Catalog, ddlContext: DDLContext? = nil) throws(DSQLError) -> PreparedStatement {
        var r = SQLRenderer(catalog: catalog)
        var out = PreparedStatement(kind: .select, statement: stmt, sql: "", parameterCount: 0, parameterTypes: [],
                                    tablesRead: [], tablesWritten: [], lock: nil, lockTargets: [], columns: [], ddl: nil)
        var maxParam = 0
        switch stmt {
        case .select(let s):
            let rendered = try r.select(s, RenderScope())
            out.sql = rendered.sql
            out.columns = rendered.columns
            s.visitExprs { if case .param(let n) = $0 { maxParam = max(maxParam, n) } }
            if let lock = s.lock {
                out.lock = lock
                out.lockTargets = try lockTargets(s, &r)
            }
        case .insert(let i):
            out.kind = .insert
            (out.sql, out.columns) = try r.insert(i)
            if case .update(let a, _)? = i.conflictAction { out.updatedColumns = Set(a.map(\.column)) }
            maxParam = Statement.insert(i).maxParam
        case .update(let u):
            out.kind = .update
            (out.sql, out.columns) = try r.update(u)
            out.updatedColumns = Set(u.assignments.map(\.column))
            maxParam = Statement.update(u).maxParam
        case .delete(let d):
            out.kind = .delete
            (out.sql, out.columns) = try r.delete(d)
            maxParam = Statement.delete(d).maxParam
        case .begin: out.kind = .begin
        case .commit: out.kind = .commit
        case .rollback: out.kind = .rollback
        case .waitForJob(let arg):
            out.kind = .call
            let t = try r.expr(arg, RenderScope())
            let id = try r.coerce(t, to: .text, explicit: true)
            out.sql = "SELECT EXISTS (SELECT 1 FROM \(SQLText.ident(Catalog.jobsTable)) WHERE \"job_id\" = \(id) "
                + "AND \"status\" = 'completed') AS \"wait_for_job\""
            out.columns = [ResultColumn(name: "wait_for_job", type: .boolean)]
            maxParam = arg.maxParam
            out.tablesRead = [Catalog.jobsTable]
        default:
            out.kind = .ddl
            let app = try catalog.applying(stmt, context: ddlContext ?? DDLContext(jobID: "", timestamp: 0))
            out.ddl = app
            out.columns = app.resultColumns
            out.tablesWritten = app.touchedTables
        }
        out.parameterCount = maxParam
        out.parameterTypes = (0..<maxParam).map { r.paramTypes[$0 + 1] ?? .unknown }
        out.tablesRead.formUnion(r.tablesRead)
        out.tablesWritten.formUnion(r.tablesWritten)
        return out
    }

    /// FOR UPDATE / FOR KEY SHARE: PostgreSQL's restrictions, then one primary-key query per base table.
    static func lockTargets(_ s: SelectStatement, _ r: inout SQLRenderer) throws(DSQLError) -> [LockTarget] {
        let clause = s.lock!.rawValue
        if s.distinct { throw .unsupported("\(clause) is not allowed with DISTINCT clause") }
        if !s.groupBy.isEmpty { throw .unsupported("\(clause) is not allowed with GROUP BY clause") }
        if s.items.contains(where: { $0.expr.containsAggregate }) || s.having != nil {
            throw .unsupported("\(clause) is not allowed with aggregate functions")
        }
        if !s.unions.isEmpty { throw .unsupported("\(clause) is not allowed with UNION/INTERSECT/EXCEPT") }
        var bases: [(name: String, alias: String, nullable: Bool)] = []
        func walk(_ f: FromItem, nullable: Bool) {
            switch f {
            case .table(let name, let alias, _):
                bases.append((name, alias ?? String(name.split(separator: ".").last!), nullable))
            case .subquery: break
            case .join(let j):
                walk(j.left, nullable: nullable || j.kind == .right || j.kind == .full)
                walk(j.right, nullable: nullable || j.kind == .left || j.kind == .full)
            }
        }
        s.from.forEach { walk($0, nullable: false) }
        if bases.contains(where: \.nullable) {
            throw .unsupported("\(clause) cannot be applied to the nullable side of an outer join")
        }
        var targets: [LockTarget] = []
        for (i, b) in bases.enumerated() {
            guard b.name != "sys.jobs", let def = r.catalog.tables[b.name] else { continue }
            var q = s
            q.lock = nil
            let names = def.primaryKey.enumerated().map { "__lk\(i)_\($0.offset)" }
            q.items += def.primaryKey.enumerated().map {
                SelectItem(expr: .column(table: b.alias, name: $0.element, offset: 0), alias: names[$0.offset])
            }
            r.allowHidden = true
            defer { r.allowHidden = false }
            let inner = try r.select(q, RenderScope())
            let sql = "SELECT " + names.map(SQLText.ident).joined(separator: ", ") + " FROM (" + inner.sql + ")"
            targets.append(LockTarget(table: def.name, primaryKey: def.primaryKey, sql: sql))
        }
        return targets
    }
}

extension Statement {
    /// The largest `$n` used anywhere in the statement.
    public var maxParam: Int {
        var m = 0
        let note: (Expr) -> Void = { e in if case .param(let n) = e { m = max(m, n) } }
        switch self {
        case .select(let s): s.visitExprs(note)
        case .insert(let i):
            switch i.source {
            case .values(let rows): rows.forEach { $0.forEach { $0?.visit(note) } }
            case .select(let s): s.visitExprs(note)
            case .defaultValues: break
            }
            if case .update(let a, let w)? = i.conflictAction { a.forEach { $0.value?.visit(note) }; w?.visit(note) }
            i.returning.forEach { $0.expr.visit(note) }
        case .update(let u):
            u.assignments.forEach { $0.value?.visit(note) }
            u.from.forEach { $0.visitExprs(note) }
            u.whereClause?.visit(note)
            u.returning.forEach { $0.expr.visit(note) }
        case .delete(let d):
            d.whereClause?.visit(note)
            d.returning.forEach { $0.expr.visit(note) }
        case .waitForJob(let e): e.visit(note)
        default: break
        }
        return m
    }
}
