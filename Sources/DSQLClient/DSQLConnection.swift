/// A connection to one DSQL endpoint: statements run one after another, as on one PostgreSQL
/// connection.
///
/// It exists so that callers (the users service's adapter, the admin SQL route, benchmarks) can
/// run SQL without depending on how the cluster is built; the cluster's sessions conform to it.
public protocol DSQLConnection: Sendable {
    /// Runs one PostgreSQL-dialect statement; `params` bind `$1`, `$2`, ...
    func execute(_ sql: String, _ params: [SQLValue]) async throws(DSQLError) -> QueryResult
}
