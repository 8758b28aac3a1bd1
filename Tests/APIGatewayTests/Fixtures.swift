import Foundation
import Testing
@testable import APIGateway

/// Shared test inputs: the seed's API with fixed ids, request builders, a collecting log sink.
enum Fixtures {
    static let functionARN = "arn:aws:lambda:us-east-1:123456789012:function:multi-region-app-abc123-primary"
    static let epochMillis: Int64 = 1_795_560_000_000  // 2026-11-24T22:40:00Z

    static func seedInputs(apiKeyRequired: Bool = false) -> SeedAPIBuilder.Inputs {
        var inputs = SeedAPIBuilder.Inputs(
            apiName: "multi-region-api-abc123-primary", description: "Multi-region API - Primary", region: "us-east-1",
            accountID: "123456789012", functionARN: functionARN)
        inputs.apiID = "a1b2c3d4e5"
        inputs.apiKeyRequired = apiKeyRequired
        return inputs
    }

    static func engine(
        _ inputs: SeedAPIBuilder.Inputs = seedInputs(), seed: UInt64 = 7, sink: (any AccessLogSink)? = nil
    ) -> GatewayEngine {
        var ids = GatewayIDGenerator(seed: seed)
        let api = SeedAPIBuilder().build(inputs, ids: &ids)
        return GatewayEngine(api: api, ids: ids, accessLogSink: sink)
    }

    static func request(
        _ method: String, _ target: String, headers: [HeaderField] = [], body: [UInt8] = [], nanos: UInt64 = 1_000
    ) -> GatewayRequest {
        let (path, query) = GatewayRequest.splitTarget(target)
        return GatewayRequest(
            method: method, rawPath: path, rawQuery: query, headers: headers, body: body, sourceIP: "203.0.113.9",
            hostHeader: "a1b2c3d4e5.execute-api.us-east-1.localhost:4566", epochMillis: epochMillis, monotonicNanos: nanos)
    }

    /// The immediate response, or nil (recorded as an issue) when the step is an invocation.
    static func response(_ step: GatewayStep) -> GatewayResponse? {
        if case .respond(let r) = step { return r }
        Issue.record("expected an immediate response, got an invocation")
        return nil
    }

    static func invocation(_ step: GatewayStep) -> LambdaInvocation? {
        if case .invoke(let i) = step { return i }
        Issue.record("expected an invocation, got \(step)")
        return nil
    }

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }
}

/// Collects access-log lines.
final class CollectingSink: AccessLogSink, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [(String, String)] = []
    func write(logGroupName: String, line: String) { lock.withLock { stored.append((logGroupName, line)) } }
    var lines: [(group: String, line: String)] { lock.withLock { stored.map { (group: $0.0, line: $0.1) } } }
}

extension GatewayResponse {
    func header(_ name: String) -> String? { headers.lastValue(name) }
}
