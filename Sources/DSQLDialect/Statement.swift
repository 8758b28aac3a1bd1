/// A parsed statement of the PostgreSQL dialect that Aurora DSQL accepts.
///
/// Statements DSQL refuses never become a `Statement`: the parser throws their exact error instead.
public enum Statement: Sendable, Hashable {
    case select(SelectStatement)
    case insert(InsertStatement)
    case update(UpdateStatement)
    case delete(DeleteStatement)
    /// `BEGIN` / `START TRANSACTION` (only REPEATABLE READ is accepted).
    case begin
    /// `COMMIT` / `END`.
    case commit
    /// `ROLLBACK` / `ABORT`.
    case rollback
    case createTable(CreateTableStatement)
    case createIndex(CreateIndexStatement)
    case dropTable(names: [String], ifExists: Bool)
    case dropIndex(names: [String], ifExists: Bool)
    case dropSequence(names: [String], ifExists: Bool)
    case alterTable(AlterTableStatement)
    case createSequence(CreateSequenceStatement)
    /// `CALL sys.wait_for_job('id')`.
    case waitForJob(jobID: Expr)

    /// True for catalog-changing statements (one per transaction in DSQL).
    public var isDDL: Bool {
        switch self {
        case .createTable, .createIndex, .dropTable, .dropIndex, .dropSequence, .alterTable, .createSequence: true
        default: false
        }
    }
}

/// A table reference in FROM: a named table or a subquery, with an optional alias.
public indirect enum FromItem: Sendable, Hashable {
    case table(name: String, alias: String?, offset: Int)
    case subquery(SelectStatement, alias: String)
    case join(Join)
}

/// A join between two FROM items.
public struct Join: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case inner = "JOIN", left = "LEFT JOIN", right = "RIGHT JOIN", full = "FULL JOIN", cross = "CROSS JOIN" }
    public var kind: Kind
    public var left: FromItem
    public var right: FromItem
    public var on: Expr?
    public var using: [String]
}

/// One item of a select list.
public struct SelectItem: Sendable, Hashable {
    public var expr: Expr
    public var alias: String?
}

/// One ORDER BY term.
public struct OrderTerm: Sendable, Hashable {
    public var expr: Expr
    public var descending: Bool
    /// nil: PostgreSQL's default (NULLS LAST for ASC, NULLS FIRST for DESC).
    public var nullsFirst: Bool?
}

/// Row locking clause of a SELECT.
public enum LockMode: String, Sendable, Hashable, Codable {
    case forUpdate = "FOR UPDATE"
    case forKeyShare = "FOR KEY SHARE"
}

/// A SELECT, possibly a UNION chain (`unions` holds the following arms).
public struct SelectStatement: Sendable, Hashable {
    public var distinct = false
    public var items: [SelectItem] = []
    public var from: [FromItem] = []
    public var whereClause: Expr?
    public var groupBy: [Expr] = []
    public var having: Expr?
    /// Following `UNION [ALL]` arms: (all, arm).
    public var unions: [UnionArm] = []
    public var orderBy: [OrderTerm] = []
    public var limit: Expr?
    public var offset: Expr?
    public var lock: LockMode?

    public init() {}

    /// Calls `body` for every expression in the statement (including nested subqueries).
    public func visitExprs(_ body: (Expr) -> Void) {
        for i in items { i.expr.visit(body) }
        for f in from { f.visitExprs(body) }
        whereClause?.visit(body)
        groupBy.forEach { $0.visit(body) }
        having?.visit(body)
        for u in unions { u.select.visitExprs(body) }
        orderBy.forEach { $0.expr.visit(body) }
        limit?.visit(body)
        offset?.visit(body)
    }
}

/// One `UNION [ALL] select` arm.
public struct UnionArm: Sendable, Hashable {
    public var all: Bool
    public var select: SelectStatement
}

extension FromItem {
    func visitExprs(_ body: (Expr) -> Void) {
        switch self {
        case .table: break
        case .subquery(let s, _): s.visitExprs(body)
        case .join(let j):
            j.left.visitExprs(body); j.right.visitExprs(body); j.on?.visit(body)
        }
    }
}

/// `INSERT INTO t [(cols)] VALUES ... | SELECT ... | DEFAULT VALUES [ON CONFLICT ...] [RETURNING ...]`.
public struct InsertStatement: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// Rows of expressions; `nil` entries are the `DEFAULT` keyword.
        case values([[Expr?]])
        case select(SelectStatement)
        case defaultValues
    }
    public enum ConflictAction: Sendable, Hashable {
        case nothing
        case update(assignments: [Assignment], whereClause: Expr?)
    }
    public var table: String
    public var alias: String?
    public var columns: [String]?
    public var source: Source
    public var conflictTarget: [String]?
    public var conflictAction: ConflictAction?
    public var returning: [SelectItem]
}

/// `col = expr` in UPDATE or ON CONFLICT DO UPDATE; `value == nil` is `DEFAULT`.
public struct Assignment: Sendable, Hashable {
    public var column: String
    public var value: Expr?
}

/// `UPDATE t [alias] SET ... [FROM ...] [WHERE ...] [RETURNING ...]`.
public struct UpdateStatement: Sendable, Hashable {
    public var table: String
    public var alias: String?
    public var assignments: [Assignment]
    public var from: [FromItem]
    public var whereClause: Expr?
    public var returning: [SelectItem]
}

/// `DELETE FROM t [alias] [WHERE ...] [RETURNING ...]`.
public struct DeleteStatement: Sendable, Hashable {
    public var table: String
    public var alias: String?
    public var whereClause: Expr?
    public var returning: [SelectItem]
}
