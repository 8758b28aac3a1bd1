import Glibc
import Chaos
import DSQL
import HTTP
import Synchronization

/// The composition root: builds the stack's services and listeners and stops them, in-process.
///
/// `regionstack up` and the tests both use it, so a test boots exactly what the command boots,
/// on port 0. Start order: the regions' services (database, Lambda functions, APIs), then every
/// listener (each region's API, the edge, the admin API), then db-init, then the outputs file; so
/// a reader of the outputs file finds every URL serving.
public final class StackRuntime: Sendable {
    struct Running: Sendable {
        var servers: [HTTPServer] = []
        var assembly: StackAssembly?
        var dsql: DSQLCluster?
        var chaos: StackChaos?
        var healthChecks: Route53HealthChecks?
        var global: GlobalEndpointResponder?
        /// The data directory's lock (nil when ephemeral), released last.
        var lock: DataDirectoryLock?
        var pgwire: StackPGWire?
    }

    let running = Mutex<Running?>(nil)

    /// Creates a stopped runtime.
    public init() {}

    /// The running stack's PostgreSQL wire endpoints (nil when stopped or admin-only).
    public var pgwire: StackPGWire? { running.withLock { $0?.pgwire } }

    /// The running stack's services (nil when stopped or admin-only).
    public var assembly: StackAssembly? { running.withLock { $0?.assembly } }

    /// Starts every listener, then writes the outputs file (atomically) if asked.
    public func start(_ options: StackOptions) async throws -> StackEndpoints {
        try running.withLock { current in
            if current != nil { throw StackError.alreadyRunning }
            current = Running()
        }
        do {
            return try await startServices(options)
        } catch {
            await stop()
            throw error
        }
    }

    private func startServices(_ options: StackOptions) async throws -> StackEndpoints {
        let startedAt = Self.monotonicNanos()
        var assembly: StackAssembly?
        if !options.adminOnly {
            var options = options
            if !options.ephemeral {
                try Self.makeDirectory(options.dataDirectory)
                // One stack per data directory; its identity (names, ids, keys) is the directory's.
                let lock = try DataDirectoryLock.acquire(options.dataDirectory)
                running.withLock { $0?.lock = lock }
                options.seed = try StackIdentity.seed(directory: options.dataDirectory, given: options.seed)
            }
            var dsql: DSQLCluster?
            if options.usersDatabase == nil {
                // No database supplied: the users service runs on the stack's own DSQL cluster.
                let cluster = try await StackDSQL.start(
                    dataDirectory: options.dataDirectory, ephemeral: options.ephemeral, logSync: options.logSync,
                    seed: options.seed ?? 1, regionNames: StackDSQL.regionNames(options.configuration))
                running.withLock { $0?.dsql = cluster }
                options.usersDatabase = { role in DSQLUsersDatabase(cluster: cluster, role: role) }
                dsql = cluster
            }
            var built = try await StackAssembly.build(options)
            built.dsql = dsql
            if options.observability, let dsql {
                // The log's own metrics live in the primary region's CloudWatch (no region label in Prometheus).
                dsql.replication.publishMetrics(
                    to: built.metrics.factory(region: built.names[.primary].region, regionLabel: false))
                for role in [StackRegionRole.primary, .secondary] {
                    let names = built.names[role]
                    dsql.publishMetrics(
                        region: StackDSQL.node(for: role), clusterID: names.clusterID, factory: built.metrics.factory(region: names.region))
                }
            }
            built.faults = FaultRuleInjector(seed: built.names.seed ^ 0xFA17_5EED)
            if let dsql {
                built.clusters = ClusterRegistry(
                    settings: .init(
                        dataDirectory: options.dataDirectory, ephemeral: options.ephemeral, logSync: options.logSync,
                        seed: built.names.seed, accountID: built.names.accountID, configuration: built.configuration),
                    names: built.names, stackCluster: dsql, createdAt: Double(time(nil)))
            }
            assembly = built
            let chaos = await StackChaos.wire(built, names: StackDSQL.regionNames(options.configuration))
            running.withLock {
                $0?.assembly = built
                $0?.chaos = chaos
            }
        }
        var endpoints: StackEndpoints
        if var assembly {
            let chaos = self.chaos
            let integration = assembly.integration
            var ports: [StackRegionRole: Int] = [:]
            for region in assembly.regions {
                let port = region.role == .primary ? options.primaryPort : options.secondaryPort
                ports[region.role] = try listen(
                    options, port: port ?? 0, name: region.role.rawValue,
                    responder: GatewayResponder(target: .region(region.gateway), integration: integration, faults: assembly.faults))
                if let chaos, let server = running.withLock({ $0?.servers.last }) {
                    await chaos.register(ListenerComponent(name: "api-listener", server: server), in: StackDSQL.node(for: region.role))
                }
            }
            let edgePort = try listen(
                options, port: options.edgePort ?? 0, name: "edge",
                responder: GatewayResponder(
                    target: .edge(assembly.directory), integration: integration, aws: StackAWSAPI.router(assembly),
                    faults: assembly.faults))
            let (checks, global) = try Self.healthChecks(options, assembly, ports: ports)
            running.withLock {
                $0?.healthChecks = checks
                $0?.global = global
            }
            let globalPort = try listen(options, port: options.globalPort ?? 0, name: "global", responder: global)
            checks.start()
            if let chaos { Self.publishFailoverStatus(checks, on: chaos, assembly) }
            assembly.healthChecks = checks
            running.withLock { [assembly] in $0?.assembly = assembly }
            let adminPort = try listen(
                options, port: options.adminPort, name: "admin",
                responder: AdminResponder(
                    startedAt: startedAt, clock: { StackRuntime.monotonicNanos() }, services: assembly, chaos: chaos))
            endpoints = Self.endpoints(options, adminPort: adminPort)
            if let cluster = assembly.dsql {
                let wire = try StackPGWire.start(cluster: cluster, names: assembly.names, options: options)
                running.withLock { $0?.pgwire = wire }
                endpoints.pgwire = wire.endpoints
                for role in [StackRegionRole.primary, .secondary] {
                    await chaos?.register(PGListenerComponent(listener: wire.listener(role)), in: StackDSQL.node(for: role))
                }
            }
            endpoints.regionPorts = ports
            endpoints.edgePort = edgePort
            endpoints.globalPort = globalPort
            for region in assembly.regions { endpoints.apiKeys[region.role] = region.apiKey?.value }
            if options.runDBInit { _ = await assembly.runDBInit() }
            assembly.alarms?.start()
            let base = { (port: Int) in "http://\(options.advertisedHost):\(port)" }
            var local = LocalEndpoints(
                primary: base(ports[.primary]!), secondary: base(ports[.secondary]!), edge: base(edgePort),
                admin: endpoints.adminURL, postgres: endpoints.pgwire)
            local.apiKeys = endpoints.apiKeys
            local.globalURL = base(globalPort)
            local.healthChecks = checks.configurations
            let outputs = StackOutputs(configuration: assembly.configuration, names: assembly.names, endpoints: local)
            endpoints.outputs = outputs
            if let path = options.outputsFile {
                try Self.writeAtomically(path: path, contents: Self.outputsJSON(outputs, apiKeys: assembly.regions))
            }
            if options.writesDataDirectoryOutputs {
                try Self.makeDirectory(options.dataDirectory)
                try Self.writeAtomically(
                    path: Self.dataDirectoryOutputsPath(options.dataDirectory),
                    contents: Self.outputsJSON(outputs, apiKeys: assembly.regions))
            }
        } else {
            let adminPort = try listen(
                options, port: options.adminPort, name: "admin",
                responder: AdminResponder(startedAt: startedAt, clock: { StackRuntime.monotonicNanos() }))
            endpoints = Self.endpoints(options, adminPort: adminPort)
            if let path = options.outputsFile {
                try Self.writeAtomically(path: path, contents: JSONText.object(endpoints.adminOutputs))
            }
        }
        return endpoints
    }

    static func endpoints(_ options: StackOptions, adminPort: Int) -> StackEndpoints {
        let base = "http://\(options.advertisedHost):\(adminPort)"
        return StackEndpoints(adminURL: base, healthURL: base + "/_regionstack/health", adminPort: adminPort)
    }

    /// Starts one listener and records it for `stop()`; returns the bound port.
    private func listen(_ options: StackOptions, port: Int, name: String, responder: some HTTPResponder) throws -> Int {
        var configuration = HTTPServerConfiguration(host: options.host, port: port, loops: options.loops)
        configuration.maxConnections = 4096
        let server = HTTPServer(
            configuration: configuration, responder: responder,
            logger: { message in
                let line = Array("regionstack \(name): \(message)\n".utf8)
                _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            })
        let bound: Int
        do {
            bound = try server.start()
        } catch {
            throw StackError.listen("\(name) \(options.host):\(port): \(error)")
        }
        running.withLock { $0?.servers.append(server) }
        return bound
    }

    /// Stops every listener gracefully (in-flight requests get up to `deadline`), then the functions.
    public func stop(deadline: Duration = .seconds(5)) async {
        let state = running.withLock { current -> Running? in
            defer { current = nil }
            return current
        }
        guard let state else { return }
        state.healthChecks?.stop()
        for server in state.servers.reversed() { await server.shutdown(deadline: deadline) }
        state.global?.shutdown()
        await state.pgwire?.stop()
        state.assembly?.stop()
        await state.assembly?.clusters?.shutdown()
        // The stores close last, after every request that could reach them has finished.
        await state.dsql?.shutdown()
        state.lock?.release()
    }

    static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
