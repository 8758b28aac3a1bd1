import Chaos
import HTTP

/// The global endpoint: what a client of the Route 53 failover record reaches, served on its own
/// port and forwarded to the region the record points at.
///
/// Route 53 answers DNS queries; locally the "resolution" happens per request: the endpoint asks
/// the health checks which record answers (PRIMARY while its check is healthy, SECONDARY
/// otherwise) and forwards the request, unchanged, to that region's own listener through a pooled
/// keep-alive client, so whatever a client of the region would see (a killed listener's refusal,
/// a paused region's silence, a fault rule's 503) it sees here too. `custom_domain_name`, when
/// set, is the only Host it answers to (port ignored); other Hosts get 421 with the name to use.
/// Every answer carries `X-RegionStack-Failover-Record` and `X-RegionStack-Region`, so a client
/// can tell which region served it.
public struct GlobalEndpointResponder: HTTPResponder {
    let checks: Route53HealthChecks
    let pools: [StackRegionRole: HTTPClientPool]
    let regionNames: [StackRegionRole: String]
    let domainName: String?
    /// How long a forwarded request may take (API Gateway's own limit is 29 s).
    let timeout: Duration

    /// Headers the proxy does not forward (hop-by-hop, and the framing it redoes itself).
    static let hopByHop: Set<String> = [
        "host", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "content-length", "te", "trailer",
        "upgrade", "expect",
    ]

    /// Creates the responder over each region's listener port.
    public init(
        checks: Route53HealthChecks, host: String, regionPorts: [StackRegionRole: Int], regionNames: [StackRegionRole: String],
        domainName: String?, timeout: Duration = .seconds(30)
    ) {
        self.checks = checks
        var pools: [StackRegionRole: HTTPClientPool] = [:]
        for (role, port) in regionPorts { pools[role] = HTTPClientPool(host: host, port: port, maxConnections: 64) }
        self.pools = pools
        self.regionNames = regionNames
        self.domainName = domainName.flatMap { $0.isEmpty ? nil : $0.lowercased() }
        self.timeout = timeout
    }

    public func bodyLimit(for head: HTTPRequestHead) -> Int { GatewayResponder.payloadLimit }

    /// Stops the pools' workers.
    public func shutdown() {
        for pool in pools.values { pool.shutdown() }
    }

    public func respond(to request: HTTPRequest) -> HTTPReply {
        if let domainName {
            let host = (request.headers["host"] ?? "").split(separator: ":").first.map { $0.lowercased() } ?? ""
            guard host == domainName else {
                return .now(.json(
                    421,
                    #"{"message":\#(JSONText.quote("This endpoint answers for \(domainName) only (custom_domain_name); the request's Host was \(host.isEmpty ? "missing" : host). Send Host: \(domainName)"))}"#))
            }
        }
        let record = checks.record
        let role: StackRegionRole = record == .primary ? .primary : .secondary
        guard let pool = pools[role] else {
            return .now(.json(502, #"{"message":"no listener for the \#(role.rawValue) region"}"#))
        }
        let region = regionNames[role] ?? role.rawValue
        let headers = request.headers.fields.filter { !Self.hopByHop.contains($0.name.lowercased()) }.map { ($0.name, $0.value) }
            + [("X-Forwarded-For", request.connection.remoteAddress)]
        let target = request.query.map { request.path + "?" + $0 } ?? request.path
        let method = request.method
        let body = request.body
        let timeout = self.timeout
        return .deferred { sink in
            pool.send(method: method, path: target, headers: headers, body: body, timeout: timeout) { result in
                var response: HTTPResponse
                switch result {
                case .success(let answer):
                    response = HTTPResponse(
                        status: answer.status,
                        headers: HTTPHeaders(answer.headers.fields.filter { !Self.hopByHop.contains($0.name.lowercased()) }),
                        body: answer.body)
                case .failure(let error):
                    let (status, text) = Self.describe(error, region: region)
                    response = .json(status, #"{"message":\#(JSONText.quote(text))}"#)
                }
                response.headers.add(name: "X-RegionStack-Failover-Record", value: record.rawValue)
                response.headers.add(name: "X-RegionStack-Region", value: region)
                sink.send(response)
            }
        }
    }

    /// A forwarding failure as a proxy reports it: 502 when the region did not take the request,
    /// 504 when it did not answer in time.
    static func describe(_ error: HTTPClientError, region: String) -> (Int, String) {
        switch error {
        case .timeout: (504, "the \(region) endpoint did not answer in time")
        default: (502, "the \(region) endpoint could not be reached: \(Route53HealthChecks.describe(error))")
        }
    }
}
