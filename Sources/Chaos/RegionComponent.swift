/// One part of a region that a region outage takes down: a listener, the Lambda service, the
/// DSQL endpoint, the log node.
///
/// A `RegionHandle` drives its components together, so one call takes a whole region down.
/// Every method must be idempotent (a restore after a failed restore calls `start` again on
/// components that already started) and must not block the cooperative pool.
public protocol RegionComponent: Sendable {
    /// A short name for status and errors (`api-listener`, `lambda`, `log-node`).
    var name: String { get }
    /// When the component goes down and comes back relative to the others.
    var layer: RegionLayer { get }
    /// Kills the component: volatile state is lost, durable state kept; in-flight work fails.
    func stop(_ mode: KillMode) async
    /// Brings a killed component back (from its durable state).
    func start() async throws
    /// Stops processing but keeps all state (a paused process).
    func pause() async
    /// Goes on after `pause`.
    func resume() async
}

/// Components stop front to back (`front` first, so nothing new arrives while the rest goes
/// down) and start back to front (the data layer first, so a listener never serves ahead of it).
public enum RegionLayer: Int, Sendable, Comparable, CaseIterable {
    /// Listeners: the region's API, its PostgreSQL endpoint.
    case front = 0
    /// Compute: the region's Lambda service.
    case compute = 1
    /// Data: the DSQL endpoint and the log node.
    case data = 2

    public static func < (a: RegionLayer, b: RegionLayer) -> Bool { a.rawValue < b.rawValue }
}

/// How a killed region's listeners look to clients.
public enum KillMode: String, Sendable, CaseIterable, Equatable {
    /// Listeners closed: connections refused (the default).
    case refuse
    /// Connections accepted and never answered.
    case blackhole
}
