import DSQLClient
import Synchronization
import UsersService

/// TEST DOUBLE: an in-memory stand-in for the DSQL-backed `UsersDatabase`, for handler tests only.
///
/// It understands exactly the statements the users service and db-init send, and answers them the
/// way DSQL does for what the tests cover: rows in PostgreSQL text form, `23505` with PostgreSQL's
/// duplicate-key text on a second email, `42P01` before the table exists, `ON CONFLICT DO NOTHING`.
/// Failures can be scripted (`failNext`) to drive the 500/503/retry paths. Any other SQL fails
/// with `0A000`, so a handler that drifts from the contract's statements fails its tests.
final class InMemoryUsersDatabase: UsersDatabase {
    struct Row: Sendable {
        var id: String
        var name: String
        var email: String
        var createdAt: String
    }

    struct State: Sendable {
        var tableExists = false
        var indexExists = false
        var rows: [Row] = []
        var tick = 0
        var scriptedFailures: [DSQLError] = []
        var statements: [String] = []
    }

    let state = Mutex(State())

    init(tableExists: Bool = true) { state.withLock { $0.tableExists = tableExists } }

    /// The next `count` statements fail with `error`.
    func failNext(_ error: DSQLError, count: Int = 1) {
        state.withLock { $0.scriptedFailures += Array(repeating: error, count: count) }
    }

    var statements: [String] { state.withLock { $0.statements } }
    var rows: [Row] { state.withLock { $0.rows } }

    func execute(_ sql: String, _ params: [SQLValue]) async throws(DSQLError) -> UsersQueryResult {
        let result: Result<UsersQueryResult, DSQLError> = state.withLock { s in
            s.statements.append(sql)
            if !s.scriptedFailures.isEmpty { return .failure(s.scriptedFailures.removeFirst()) }
            return Self.run(sql, params, &s)
        }
        return try result.get()
    }

    static func text(_ value: SQLValue) -> String? {
        if case .text(let s) = value { return s }
        return nil
    }

    static func run(_ sql: String, _ params: [SQLValue], _ s: inout State) -> Result<UsersQueryResult, DSQLError> {
        let missing = DSQLError(sqlstate: "42P01", message: "relation \"users\" does not exist")
        switch sql {
        case "SELECT 1 as health_check":
            return .success(UsersQueryResult(columns: ["health_check"], rows: [["1"]]))
        case DBInitHandler.schemaStatements[0]:
            s.tableExists = true
            return .success(UsersQueryResult())
        case DBInitHandler.schemaStatements[1]:
            guard s.tableExists else { return .failure(missing) }
            s.indexExists = true
            return .success(UsersQueryResult())
        case DBInitHandler.sampleInsertSQL, UsersRepository.createUserSQL:
            guard s.tableExists else { return .failure(missing) }
            guard params.count == 2, let name = text(params[0]), let email = text(params[1]) else {
                return .failure(DSQLError(sqlstate: "08P01", message: "bind message supplies \(params.count) parameters"))
            }
            if name.unicodeScalars.count > 100 {
                return .failure(DSQLError(sqlstate: "22001", message: "value too long for type character varying(100)"))
            }
            if s.rows.contains(where: { $0.email == email }) {
                if sql == DBInitHandler.sampleInsertSQL { return .success(UsersQueryResult()) }
                return .failure(
                    .uniqueViolation(constraint: "users_email_key", detail: "Key (email)=(\(email)) already exists."))
            }
            s.tick += 1
            let id = "00000000-0000-4000-8000-" + String(s.tick, radix: 16).leftPad(12)
            let row = Row(id: id, name: name, email: email, createdAt: "2026-11-24 12:00:00.\(String(s.tick).leftPad(6))")
            s.rows.append(row)
            if sql == DBInitHandler.sampleInsertSQL { return .success(UsersQueryResult(rowsAffected: 1)) }
            return .success(
                UsersQueryResult(
                    columns: ["id", "name", "email", "created_at"], rows: [[row.id, row.name, row.email, row.createdAt]]))
        case UsersRepository.selectUsersSQL:
            guard s.tableExists else { return .failure(missing) }
            guard let limit = params.first, case .integer(let n) = limit else {
                return .failure(DSQLError(sqlstate: "08P01", message: "bind message supplies 0 parameters"))
            }
            let ordered = s.rows.sorted { $0.createdAt > $1.createdAt }.prefix(Int(n))
            return .success(
                UsersQueryResult(
                    columns: ["id", "name", "email", "created_at", "updated_at"],
                    rows: ordered.map { [$0.id, $0.name, $0.email, $0.createdAt, $0.createdAt] }))
        default:
            return .failure(.unsupported("test double does not understand: \(sql)"))
        }
    }
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
