/// The seed Lambda's module-level configuration, read from the function's environment.
///
/// `DSQL_REGION` comes from `AWS_REGION` (set by the Lambda runtime, never by the function's own
/// environment), `REGION_TYPE` defaults to `unknown` and `DATABASE_NAME` to the rendered
/// `${database_name}` (`postgres` unless the stack passes another).
public struct UsersSettings: Sendable, Equatable {
    /// `DSQL_ENDPOINT` (nil when unset, printed as `null`).
    public var dsqlEndpoint: String?
    /// `DSQL_REGION` = env `AWS_REGION` (nil when unset).
    public var dsqlRegion: String?
    /// `DATABASE_NAME`.
    public var databaseName: String
    /// `REGION_TYPE` (`primary`, `secondary` or `unknown`).
    public var regionType: String

    /// Creates settings.
    public init(dsqlEndpoint: String?, dsqlRegion: String?, databaseName: String = "postgres", regionType: String = "unknown") {
        self.dsqlEndpoint = dsqlEndpoint
        self.dsqlRegion = dsqlRegion
        self.databaseName = databaseName
        self.regionType = regionType
    }

    /// Reads the environment as the seed's module does.
    public init(environment: [String: String], renderedDatabaseName: String = "postgres") {
        self.init(
            dsqlEndpoint: environment["DSQL_ENDPOINT"], dsqlRegion: environment["AWS_REGION"],
            databaseName: environment["DATABASE_NAME"] ?? renderedDatabaseName,
            regionType: environment["REGION_TYPE"] ?? "unknown")
    }
}
