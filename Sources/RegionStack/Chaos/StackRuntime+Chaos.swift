@_exported import Chaos
import DSQL
import Replication

/// Chaos controls for Swift tests: the same operations as the admin API's
/// `/_regionstack/chaos/...` routes, in-process. Regions are named as configured or by role.
///
/// ```swift
/// let runtime = StackRuntime()
/// let endpoints = try await runtime.start(.testing())
/// try await runtime.kill("primary")                 // listener refuses, Lambda, DSQL, log node down
/// try runtime.partition("us-east-1", "us-east-2")   // both directions
/// try await runtime.heal()                          // every region restored, links healthy
/// ```
extension StackRuntime {
    /// The running stack's chaos controls (nil when stopped or admin-only).
    public var chaos: StackChaos? { running.withLock { $0?.chaos } }

    func requireChaos() throws(ChaosError) -> StackChaos {
        guard let chaos else { throw .notRunning }
        return chaos
    }

    /// Kills a region: its listener closes (`refuse`) or stops answering (`blackhole`), its
    /// in-flight invocations fail and its warm environments are discarded, its DSQL endpoint
    /// and log node stop. Idempotent; answers the region's state.
    @discardableResult
    public func kill(_ region: String, mode: KillMode = .refuse) async throws(ChaosError) -> RegionState {
        await try requireChaos().region(region).kill(mode)
    }

    /// Pauses a region for `duration` (or until `resume`): its log node and listener stop
    /// processing and keep their state.
    @discardableResult
    public func pause(_ region: String, for duration: Duration? = nil) async throws(ChaosError) -> RegionState {
        try await requireChaos().region(region).pause(for: duration)
    }

    /// Resumes a paused region.
    @discardableResult
    public func resume(_ region: String) async throws(ChaosError) -> RegionState {
        try await requireChaos().region(region).resume()
    }

    /// Restores a region from any state: the log node restarts from disk and catches up.
    @discardableResult
    public func restore(_ region: String) async throws(ChaosError) -> RegionState {
        try await requireChaos().region(region).restore()
    }

    /// Cuts the log's link between two regions (both directions unless `oneWay`).
    public func partition(_ a: String, _ b: String, oneWay: Bool = false) throws(ChaosError) {
        try requireChaos().partition(a, b, oneWay: oneWay)
    }

    /// Puts a fault (partition, latency with jitter, loss) on the link `from -> to`.
    public func setLink(from: String, to: String, _ fault: LinkFault, both: Bool = false) throws(ChaosError) {
        try requireChaos().setLink(from: from, to: to, fault, both: both)
    }

    /// Sets every link to a latency preset (`.realistic`: published inter-region round trips).
    public func applyLatency(_ preset: LatencyPreset) throws(ChaosError) {
        try requireChaos().applyLatency(preset)
    }

    /// Heals everything: every region restored, every link healthy.
    public func heal() async throws(ChaosError) {
        try await requireChaos().heal()
    }

    /// The chaos status: regions, log nodes, links.
    public func status() async throws(ChaosError) -> StackStatus {
        await try requireChaos().status()
    }
}
