import HTTP
import Lambda

/// The seed's API Lambda (`lambda_function.lambda_handler`) in Swift: REST v1 proxy event in,
/// proxy response out.
///
/// Routes, messages, status codes and headers follow seed-contract §2 exactly. The database comes
/// from `LambdaResources` (`withUsersDatabase`) instead of a boto3 client; everything else comes
/// from the environment as in the seed (`AWS_REGION`, `REGION_TYPE`, `DSQL_ENDPOINT`,
/// `DATABASE_NAME`). A `UTCClock` and a `RetryPolicy` may be passed as resources too (tests).
public struct UsersHandler: LambdaHandler {
    /// The routes the 404 body advertises, in the seed's order.
    public static let availableEndpoints: [(String, String)] = [
        ("GET /health", "Health check endpoint"),
        ("GET /users", "List all users"),
        ("POST /users", "Create new user"),
    ]

    /// The data access layer.
    public let repository: UsersRepository
    /// Where timestamps come from.
    public let clock: UTCClock

    /// Cold start: settings from the environment, the database from the resources.
    public init(context: LambdaInitializationContext) async throws {
        let database = try context.resources.require(UsersDatabaseResource.self).database
        self.init(
            database: database, settings: UsersSettings(environment: context.environment),
            clock: context.resources[UTCClock.self] ?? .system, retry: context.resources[RetryPolicy.self] ?? .standard)
    }

    /// Creates a handler directly (tests, other hosts).
    public init(database: any UsersDatabase, settings: UsersSettings, clock: UTCClock = .system, retry: RetryPolicy = .standard) {
        repository = UsersRepository(database: database, settings: settings, retry: retry)
        self.clock = clock
    }

    public var settings: UsersSettings { repository.settings }

    /// The members of a proxy event the handler reads (the rest is checked, not built).
    static let eventKeys = ["httpMethod", "path", "body"]

    /// Events from this size on are parsed on a thread of their own: a body of several megabytes
    /// takes milliseconds to parse, which must not occupy one of the cooperative pool's threads
    /// (two on this machine) while other requests, `/health` among them, wait for it.
    static let dedicatedParseThreshold = 64 * 1024

    /// Handles one proxy event. An event that is not JSON fails like the Python runtime's
    /// unmarshalling (a function error); everything else answers with a proxy response.
    public func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let prepared: Prepared
        if event.count >= Self.dedicatedParseThreshold {
            prepared = try await DedicatedThread.run { () throws -> Prepared in try Self.prepare(event) }
        } else {
            prepared = try Self.prepare(event)
        }
        let reply = await respond(
            to: prepared.event, validated: prepared.body, requestID: context.requestID, logger: context.logger)
        return reply.documentUTF8
    }

    /// An event parsed, and for `POST /users` its body validated: all the parsing a request needs.
    struct Prepared: Sendable {
        var event: PyJSON
        var body: UserInputValidation.Outcome?
    }

    static func prepare(_ event: [UInt8]) throws(UnmarshalError) -> Prepared {
        let parsed: PyJSON
        do {
            parsed = try PyJSONParser.parse(event, keepingTopLevelKeys: Self.eventKeys)
        } catch {
            throw UnmarshalError(reason: error.reason)
        }
        guard case .object = parsed, parsed["httpMethod"] == .string("POST"), parsed["path"] == .string("/users") else {
            return Prepared(event: parsed, body: nil)
        }
        return Prepared(event: parsed, body: UserInputValidation.validate(body: parsed["body"]))
    }

    /// Routes one parsed event (the seed's `lambda_handler` body).
    public func respond(to event: PyJSON, requestID: String, logger: LambdaLogger? = nil) async -> ProxyReply {
        await respond(to: event, validated: nil, requestID: requestID, logger: logger)
    }

    /// `respond(to:)` with the body's validation done already (nil: validate it here).
    func respond(
        to event: PyJSON, validated: UserInputValidation.Outcome?, requestID: String, logger: LambdaLogger?
    ) async -> ProxyReply {
        guard case .object = event else {
            return internalError("'\(UserInputValidation.pythonTypeName(event))' object has no attribute 'get'", requestID)
        }
        let method = event["httpMethod"] ?? .string("GET")
        let path = event["path"] ?? .string("/")
        logger?.info("Processing \(method.text) request to \(path.text)")
        switch (method, path) {
        case (.string("OPTIONS"), _):
            return ProxyReply(200, .object([("message", .string("CORS preflight successful"))]))
        case (.string("GET"), .string("/health")):
            return await health(requestID: requestID)
        case (.string("GET"), .string("/users")):
            return await listUsers(logger: logger)
        case (.string("POST"), .string("/users")):
            return await createUser(
                validated ?? UserInputValidation.validate(body: event["body"]), requestID: requestID, logger: logger)
        default:
            return ProxyReply(
                404,
                .object([
                    ("error", .string("Not found")), ("path", path), ("method", method),
                    ("available_endpoints", .object(Self.availableEndpoints.map { ($0.0, PyJSON.string($0.1)) })),
                ]))
        }
    }

    func health(requestID: String) async -> ProxyReply {
        let (body, ok) = await repository.healthCheck(now: clock.now())
        let full = body + [("lambda_region", PyJSON.optional(settings.dsqlRegion)), ("request_id", .string(requestID))]
        return ProxyReply(ok ? 200 : 503, .object(full))
    }

    func listUsers(logger: LambdaLogger?) async -> ProxyReply {
        do {
            let users = try await repository.selectUsers()
            return ProxyReply(
                200,
                .object([
                    ("users", .array(users)), ("count", .int(users.count)), ("region", .optional(settings.dsqlRegion)),
                    ("region_type", .string(settings.regionType)), ("timestamp", .string(clock.now().isoformatZ)),
                ]))
        } catch {
            logger?.error("Error retrieving users: \(error.message)")
            return ProxyReply(
                500,
                .object([
                    ("error", .string("Failed to retrieve users")), ("details", .string(error.message)),
                    ("region", .optional(settings.dsqlRegion)),
                ]))
        }
    }

    func createUser(_ validation: UserInputValidation.Outcome, requestID: String, logger: LambdaLogger?) async -> ProxyReply {
        let name: String
        let email: String
        switch validation {
        case .rejected(let message):
            return ProxyReply(400, .object([("error", .string(message))]))
        case .typeError(let message):
            logger?.error("Unhandled error: \(message)")
            return internalError(message, requestID)
        case .valid(let n, let e):
            name = n
            email = e
        }
        do {
            return ProxyReply(201, try await repository.createUser(name: name, email: email))
        } catch {
            logger?.error("Error creating user: \(error.message)")
            if error.isDuplicate {
                return ProxyReply(
                    409,
                    .object([
                        ("error", .string("User with this email already exists")), ("region", .optional(settings.dsqlRegion)),
                    ]))
            }
            return ProxyReply(
                500,
                .object([
                    ("error", .string("Failed to create user")), ("details", .string(error.message)),
                    ("region", .optional(settings.dsqlRegion)),
                ]))
        }
    }

    /// The catch-all 500.
    func internalError(_ details: String, _ requestID: String) -> ProxyReply {
        ProxyReply(
            500,
            .object([
                ("error", .string("Internal server error")), ("details", .string(details)),
                ("region", .optional(settings.dsqlRegion)), ("request_id", .string(requestID)),
            ]))
    }
}

/// The event payload was not JSON (the Python runtime's `Runtime.UnmarshalError`).
public struct UnmarshalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The parser's reason.
    public var reason: String
    public var description: String { "Unable to unmarshal input: \(reason)" }
}
