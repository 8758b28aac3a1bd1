import Glibc
import HTTP
import Lambda
import RegionStack
import Synchronization
import Testing
import UsersService

/// Boots a stack in-process on free ports with the TEST DOUBLE database (one shared in-memory
/// database stands in for the active-active cluster, so both regions see the same rows).
struct StackHarness {
    let runtime: StackRuntime
    let endpoints: StackEndpoints
    let database: InMemoryUsersDatabase
    let outputsPath: String

    static func boot(
        vars: [String] = [], functionFactory: (@Sendable (StackRegionRole) -> LambdaHandlerFactory)? = nil,
        integrationTimeout: Duration? = nil
    ) async throws -> StackHarness {
        let database = InMemoryUsersDatabase(tableExists: false)
        var options = StackOptions.testing()
        options.configuration = try StackConfiguration.load(path: nil, overrides: vars)
        options.usersDatabase = { _ in database }
        options.functionFactory = functionFactory
        options.integrationTimeout = integrationTimeout
        let path = "/tmp/regionstack-outputs-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).json"
        options.outputsFile = path
        let runtime = StackRuntime()
        let endpoints = try await runtime.start(options)
        return StackHarness(runtime: runtime, endpoints: endpoints, database: database, outputsPath: path)
    }

    func stop() async {
        await runtime.stop()
        unlink(outputsPath)
    }

    var stage: String { endpoints.outputs?.configuration.apiGatewayStageName ?? "prod" }
    func port(_ role: StackRegionRole) -> Int { endpoints.regionPorts[role]! }
    func apiID(_ role: StackRegionRole) -> String { endpoints.outputs!.names[role].apiID }
    func region(_ role: StackRegionRole) -> String { endpoints.outputs!.names[role].region }

    func send(
        _ role: StackRegionRole, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) async throws -> HTTPClientResponse {
        try await send(role, "GET", path, headers: headers, body: body)
    }

    func send(
        _ role: StackRegionRole, _ method: String, _ path: String, headers: [(String, String)] = [],
        body: [UInt8] = []
    ) async throws -> HTTPClientResponse {
        try await HTTPClient.send(port: port(role), method: method, path: path, headers: headers, body: body, timeout: .seconds(20))
    }

    var outputsText: String? { Self.readFile(outputsPath) }

    static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Parses a response body as JSON (Python-compatible parser from the users service).
func json(_ response: HTTPClientResponse) throws -> PyJSON { try PyJSONParser.parse(response.text) }

/// A latch the TEST handlers wait on, so a test can hold an invocation open without sleeping.
final class Gate: Sendable {
    private let open = Mutex(false)
    func release() { open.withLock { $0 = true } }
    func wait(limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while !open.withLock({ $0 }), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
    }
}

/// TEST HANDLER registered as the API function through `StackOptions.functionFactory`: by the
/// `mode` query parameter it echoes the proxy event as the body, sleeps past its timeout, throws,
/// or holds until the gate opens (to occupy the function's only concurrency slot).
struct ModeHandler: LambdaHandler {
    let gate: Gate

    init(context: LambdaInitializationContext) async throws { gate = Gate() }
    init(gate: Gate) { self.gate = gate }

    struct Boom: Error {}

    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        let parsed = try PyJSONParser.parse(event)
        switch parsed["queryStringParameters"]?["mode"] {
        case .string("sleep")?: try await Task.sleep(for: .seconds(10))
        case .string("throw")?: throw Boom()
        case .string("hold")?: await gate.wait(limit: .seconds(10))
        default: break
        }
        let reply = PyJSON.object([
            ("statusCode", .int(200)), ("headers", .object([("Content-Type", .string("application/json"))])),
            ("body", .string(String(decoding: event, as: UTF8.self))),
        ])
        return Array(reply.text.utf8)
    }
}
