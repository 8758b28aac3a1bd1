/// What a PostgreSQL wire connection needs from the database behind it.
///
/// It exists so `PGWire` depends on no database module: the stack adapts its DSQL sessions to
/// these two protocols. `open` authenticates a startup (role, database, password, TLS server
/// name) and returns a session; a session runs one statement at a time, describes statements
/// for the extended protocol, and reports its transaction status for ReadyForQuery.
public protocol PGBackend: Sendable {
    func open(_ startup: PGStartup) async throws(PGError) -> PGOpenedSession
}

/// One client's session: statements run one after another, as on one PostgreSQL connection.
public protocol PGSession: AnyObject, Sendable {
    /// Runs one statement; parameters arrive in text form with the type OID they were bound as.
    func execute(_ sql: String, parameters: [PGParameter]) async throws(PGError) -> PGResult
    /// Parameter types and result columns of a statement, without running it.
    func describe(_ sql: String, parameterTypes: [Int32]) async throws(PGError) -> PGDescription
    /// The status ReadyForQuery reports after the last statement.
    func transactionStatus() async -> PGTransactionStatus
    /// Asks a running statement to stop (a CancelRequest); it may finish anyway.
    func cancel()
    /// The connection closed: roll back an open transaction and release resources.
    func close() async
}

/// A startup packet, after TLS and the password exchange.
public struct PGStartup: Sendable, Hashable {
    public var user: String
    public var database: String
    public var password: String
    /// The TLS SNI name the client sent (nil when none, or without TLS).
    public var serverName: String?
    /// The listener's cluster when it serves one cluster (a per-region port), else nil.
    public var listenerCluster: String?
    public var parameters: [String: String]

    public init(user: String, database: String, password: String, serverName: String?, listenerCluster: String?,
                parameters: [String: String]) {
        self.user = user
        self.database = database
        self.password = password
        self.serverName = serverName
        self.listenerCluster = listenerCluster
        self.parameters = parameters
    }
}

/// An authenticated session and the ParameterStatus values to report.
public struct PGOpenedSession: Sendable {
    public var session: any PGSession
    public var parameters: [(String, String)]

    public init(session: any PGSession, parameters: [(String, String)]) {
        self.session = session
        self.parameters = parameters
    }
}

/// A bound parameter: text form (nil for NULL) and the type OID it was declared or inferred as.
public struct PGParameter: Sendable, Hashable {
    public var text: String?
    public var typeOID: Int32

    public init(text: String?, typeOID: Int32) {
        self.text = text
        self.typeOID = typeOID
    }
}

/// What one statement returned: columns, rows in text form, command tag and notices.
public struct PGResult: Sendable, Hashable {
    public var columns: [PGColumn]
    public var rows: [[String?]]
    public var commandTag: String
    public var notices: [String]

    public init(columns: [PGColumn] = [], rows: [[String?]] = [], commandTag: String, notices: [String] = []) {
        self.columns = columns
        self.rows = rows
        self.commandTag = commandTag
        self.notices = notices
    }
}

/// A statement's parameter types and result columns (empty for a statement without rows).
public struct PGDescription: Sendable, Hashable {
    public var parameterTypes: [Int32]
    public var columns: [PGColumn]

    public init(parameterTypes: [Int32], columns: [PGColumn]) {
        self.parameterTypes = parameterTypes
        self.columns = columns
    }
}
