import DSQL
import Foundation
import PGWire

/// The stack's PostgreSQL wire endpoints: a local CA and server certificate, one shared TLS
/// listener that selects the cluster by SNI, and one listener per data region for clients that
/// cannot send SNI.
///
/// It exists to keep the wire endpoint's start-up, its ports and its outputs in one place that
/// `StackRuntime` starts and stops like the HTTP listeners.
public final class StackPGWire: Sendable {
    /// Bound ports and the files clients need.
    public struct Endpoints: Sendable, Equatable {
        public var host: String
        /// The shared port (SNI selects the cluster).
        public var sharedPort: Int
        /// Each data region's own port.
        public var regionPorts: [StackRegionRole: Int]
        /// Each data region's cluster endpoint hostname (the SNI name).
        public var hostnames: [StackRegionRole: String]
        public var regions: [StackRegionRole: String]
        /// The local CA certificate (`sslrootcert=`).
        public var caPath: String
    }

    let listeners: [PGListener]
    let temporaryDirectory: String?
    public let endpoints: Endpoints
    let backend: DSQLWireBackend

    /// Generates (or reuses) the certificates and starts every listener.
    static func start(cluster: DSQLCluster, names: ResourceNames, options: StackOptions) throws -> StackPGWire {
        var temporary: String?
        let directory: String
        if options.ephemeral {
            var template = Array((NSTemporaryDirectory() + "/regionstack-pgwire-XXXXXX").utf8CString)
            guard let made = mkdtemp(&template) else { throw StackError.listen("pgwire: mkdtemp failed") }
            directory = String(cString: made)
            temporary = directory
        } else {
            let base = options.dataDirectory.hasSuffix("/") ? String(options.dataDirectory.dropLast()) : options.dataDirectory
            directory = URL(fileURLWithPath: base + "/pgwire").standardizedFileURL.path
        }
        let roles: [StackRegionRole] = [.primary, .secondary]
        let hostnames = Dictionary(uniqueKeysWithValues: roles.map { ($0, names[$0].clusterEndpoint) })
        let authority = PGCertificateAuthority(directory: directory)
        try authority.ensure(hostnames: roles.map { hostnames[$0]! })
        let tls = try PGTLSContext(certificatePath: authority.certificatePath, keyPath: authority.keyPath)
        let endpoints = roles.map { role in
            DSQLWireBackend.Endpoint(hostname: hostnames[role]!, region: names[role].region, node: StackDSQL.node(for: role))
        }
        let backend = DSQLWireBackend(cluster: cluster, endpoints: endpoints, credentials: options.dsqlCredentials)
        let registry = PGCancelRegistry()
        var listeners: [PGListener] = []
        func listen(_ port: Int, cluster: String?) throws -> Int {
            var configuration = PGListenerConfiguration(host: options.host, port: port)
            configuration.connection.requireSNI = cluster == nil
            configuration.connection.listenerCluster = cluster
            let listener = PGListener(configuration: configuration, backend: backend, tls: tls, registry: registry)
            listeners.append(listener)
            do {
                return try listener.start()
            } catch {
                throw StackError.listen("pgwire \(options.host):\(port): \(error)")
            }
        }
        do {
            let shared = try listen(options.pgwirePort ?? 0, cluster: nil)
            var ports: [StackRegionRole: Int] = [:]
            for role in roles {
                let port = role == .primary ? options.pgwirePrimaryPort : options.pgwireSecondaryPort
                ports[role] = try listen(port ?? 0, cluster: hostnames[role]!.lowercased())
            }
            let info = Endpoints(
                host: options.host, sharedPort: shared, regionPorts: ports, hostnames: hostnames,
                regions: Dictionary(uniqueKeysWithValues: roles.map { ($0, names[$0].region) }), caPath: authority.caPath)
            return StackPGWire(listeners: listeners, temporaryDirectory: temporary, endpoints: info, backend: backend)
        } catch {
            let started = listeners
            Task { for l in started { await l.stop() } }
            throw error
        }
    }

    init(listeners: [PGListener], temporaryDirectory: String?, endpoints: Endpoints, backend: DSQLWireBackend) {
        self.listeners = listeners
        self.temporaryDirectory = temporaryDirectory
        self.endpoints = endpoints
        self.backend = backend
    }

    /// Stops every listener (closing its connections) and removes an ephemeral CA.
    func stop() async {
        for listener in listeners { await listener.stop() }
        if let temporaryDirectory { try? FileManager.default.removeItem(atPath: temporaryDirectory) }
    }

    /// The listener of a data region's own port (the shared one when nil).
    public func listener(_ role: StackRegionRole?) -> PGListener {
        switch role {
        case nil: listeners[0]
        case .primary?: listeners[1]
        case .secondary?: listeners[2]
        }
    }
}
