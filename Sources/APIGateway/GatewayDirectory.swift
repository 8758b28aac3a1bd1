import Synchronization

/// The APIs served on one edge listener, found by host name or by `/_aws/execute-api/` path.
///
/// The HTTP server asks `resolve(host:path:)` for each request; the answer names the API's
/// `GatewayService` and the path to give it (`/<stage>/...`). Host routing wins over path routing,
/// as a request to `<id>.execute-api.<region>.localhost` never carries the `/_aws` prefix.
public final class GatewayDirectory: Sendable {
    /// The outcome of `resolve`.
    public enum Resolution: Sendable {
        /// A registered API, and the path (with stage) to hand to it.
        case api(GatewayService, path: String)
        /// The host or path names an API id that is not registered here.
        case unknownAPI(String)
        /// Neither addressing style: not an API Gateway request.
        case notGateway
    }

    private let services: Mutex<[String: GatewayService]> = Mutex([:])

    public init() {}

    /// Registers (or replaces) the service for its API's id.
    public func register(_ service: GatewayService) {
        let id = service.api.id
        services.withLock { $0[id] = service }
    }

    /// Removes an API (for example when its region is killed).
    public func remove(apiID: String) { _ = services.withLock { $0.removeValue(forKey: apiID) } }

    public func service(apiID: String) -> GatewayService? { services.withLock { $0[apiID] } }

    public var apiIDs: [String] { services.withLock { $0.keys.sorted() } }

    /// Finds the API for a request from its `Host` header and path (without query string).
    public func resolve(host: String?, path: String) -> Resolution {
        if let host, let target = EdgeRouting.resolve(host: host) {
            return service(apiID: target.apiID).map { .api($0, path: path) } ?? .unknownAPI(target.apiID)
        }
        if let target = EdgeRouting.resolve(path: path) {
            return service(apiID: target.apiID).map { .api($0, path: target.remainingPath) } ?? .unknownAPI(target.apiID)
        }
        return .notGateway
    }
}
