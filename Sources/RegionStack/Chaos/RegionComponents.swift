import Chaos
import DSQL
import HTTP
import Lambda
import Replication

/// A region's HTTP listener as a chaos component: kill closes it (refuse) or leaves it bound
/// and unanswered (blackhole), restore reopens it on the same port, pause freezes its loops.
public struct ListenerComponent: RegionComponent {
    public let name: String
    public let server: HTTPServer
    public var layer: RegionLayer { .front }

    /// `server` under `name` (`api-listener`, `pg-listener`, ...).
    public init(name: String, server: HTTPServer) {
        self.name = name
        self.server = server
    }

    public func stop(_ mode: KillMode) async { await server.kill(mode == .blackhole ? .blackhole : .refuse) }
    public func start() async throws { try server.restore() }
    public func pause() async { server.pause() }
    public func resume() async { server.resume() }
}

/// A region's Lambda service: kill ends its in-flight invocations and discards every warm
/// environment (the first invocation after restore is a cold start). Pause keeps them: a
/// paused region's state is kept, and nothing reaches its functions while its listener is frozen.
struct LambdaComponent: RegionComponent {
    let invoker: LambdaInvoker
    var name: String { "lambda" }
    var layer: RegionLayer { .compute }

    func stop(_ mode: KillMode) async { invoker.stop() }
    func start() async throws { invoker.start() }
    func pause() async {}
    func resume() async {}
}

/// A region's DSQL endpoint and log node (the witness: its log node only). Kill stops the
/// node (volatile state lost, the durable log kept) and the endpoint answers
/// `XX000 server unavailable`; restore restarts the node from disk, it catches up from the log
/// or by snapshot install, and the endpoint's reads wait until the region is current (every
/// statement's read barrier). Pause freezes the node with its state (a stale leader steps down
/// after resume).
struct DSQLRegionComponent: RegionComponent {
    let cluster: DSQLCluster
    let node: NodeID
    var name: String { node.isDataRegion ? "dsql-endpoint+log-node" : "log-node" }
    var layer: RegionLayer { .data }

    func stop(_ mode: KillMode) async { cluster.stopRegion(node) }
    func start() async throws { cluster.restartRegion(node) }
    func pause() async { cluster.pauseRegion(node) }
    func resume() async { cluster.resumeRegion(node) }
}
