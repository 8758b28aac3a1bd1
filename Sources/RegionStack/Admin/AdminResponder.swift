import HTTP

/// Serves the admin listener: `/_regionstack/health`, Lambda's Invoke API, recent log events,
/// and JSON 404s for everything else.
///
/// Health is answered on the synchronous fast path (on the loop thread, no store touched), so it
/// stays cheap under load and reports the process alive even when a data region is busy.
/// `POST /_regionstack/lambda/2015-03-31/functions/<name>/invocations` is `aws lambda invoke`
/// (`--endpoint-url http://host:port/_regionstack/lambda`); `GET /_regionstack/logs?group=G&limit=N`
/// returns the newest N events of a log group (`/aws/lambda/...`, `/aws/apigateway/<api-id>`).
public struct AdminResponder: HTTPResponder {
    /// The monotonic time (ns) the stack started, for `uptime_ms`.
    let startedAt: UInt64
    let clock: @Sendable () -> UInt64
    /// The stack's services (nil when the stack runs admin-only).
    let services: StackAssembly?
    /// The chaos controls (nil when the stack runs admin-only).
    let chaos: StackChaos?

    /// Creates the responder; `clock` returns monotonic nanoseconds.
    public init(
        startedAt: UInt64, clock: @escaping @Sendable () -> UInt64, services: StackAssembly? = nil, chaos: StackChaos? = nil
    ) {
        self.startedAt = startedAt
        self.clock = clock
        self.services = services
        self.chaos = chaos
    }

    /// Invoke payloads may be up to Lambda's 6 MB, and are read up to 16 MB so that Lambda itself
    /// refuses the larger ones (`RequestEntityTooLargeException`); other admin requests are small.
    public func bodyLimit(for head: HTTPRequestHead) -> Int {
        head.path.hasPrefix(Self.invokePrefix) ? 16 * 1024 * 1024 : 64 * 1024
    }

    public func respond(to request: HTTPRequest) -> HTTPReply {
        if let services, let reply = AdminServicesRoutes(services: services).respond(to: request) { return reply }
        if let services, let reply = AdminObservabilityRoutes(services: services).respond(to: request) { return reply }
        if let chaos, let reply = AdminChaosRoutes(chaos: chaos).respond(to: request) { return reply }
        switch request.path {
        case "/_regionstack/health":
            guard request.method == "GET" || request.method == "HEAD" else {
                var response = HTTPResponse.json(405, #"{"error":"method_not_allowed","allowed":["GET","HEAD"]}"#)
                response.headers.add(name: "Allow", value: "GET, HEAD")
                return .now(response)
            }
            let uptime = (clock() &- startedAt) / 1_000_000
            if let faults = services?.dsql?.storageFaults, !faults.isEmpty {
                // A region's store or log cannot write, or a store is rebuilding: say which.
                let items = faults.map { f in
                    #"{"region":\#(JSONText.quote(f.regionName)),"component":"\#(f.component.rawValue)","path":\#(JSONText.quote(f.path)),"reason":\#(JSONText.quote(f.reason))}"#
                }
                return .now(.json(503, #"{"status":"degraded","service":"regionstack","uptime_ms":\#(uptime),"degraded":[\#(items.joined(separator: ","))]}"#))
            }
            return .now(.json(200, #"{"status":"ok","service":"regionstack","uptime_ms":\#(uptime)}"#))
        default:
            return .now(.json(404, #"{"error":"not_found","path":\#(JSONText.quote(request.path))}"#))
        }
    }
}

/// Minimal JSON string quoting for the few documents the admin API and the outputs file write.
public enum JSONText {
    /// `value` as a JSON string literal, quotes included.
    public static func quote(_ value: String) -> String { OutputJSON.quote(value) }

    /// An object with string values, keys in the given order.
    public static func object(_ pairs: [(String, String)]) -> String {
        "{\n" + pairs.map { "  \(quote($0.0)): \(quote($0.1))" }.joined(separator: ",\n") + "\n}\n"
    }
}
