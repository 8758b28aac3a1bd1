import DSQLClient
import Lambda
import UsersService

/// Shared fixtures: a pinned clock, primary-region settings and proxy events.
enum Fixture {
    static let stamp = UTCClock.Stamp(seconds: 1_795_000_000, microseconds: 123_456)
    static let clock = UTCClock { stamp }
    static let settings = UsersSettings(
        dsqlEndpoint: "abc.dsql.us-east-1.on.aws", dsqlRegion: "us-east-1", databaseName: "postgres", regionType: "primary")
    static let noWait = RetryPolicy(maxAttempts: 3, baseDelay: .nanoseconds(1), maxDelay: .nanoseconds(1))

    static func handler(_ db: InMemoryUsersDatabase) -> UsersHandler {
        UsersHandler(database: db, settings: settings, clock: clock, retry: noWait)
    }

    static func event(_ method: String, _ path: String, body: String? = nil) -> PyJSON {
        .object([("httpMethod", .string(method)), ("path", .string(path)), ("body", .optional(body))])
    }

    static let headersJSON =
        #"{"Content-Type": "application/json", "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS", "Access-Control-Allow-Headers": "Content-Type, X-Amz-Date, Authorization, X-Api-Key, X-Amz-Security-Token"}"#
}
