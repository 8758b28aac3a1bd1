import Replication
import Synchronization

/// One region of a running stack, as chaos sees it: its name, its voter, its components and
/// its state machine. One call kills, pauses, resumes or restores every component together.
///
/// It exists so that a region outage is one operation rather than a checklist: the listener
/// closes, the Lambda service drops its environments, the DSQL endpoint and the log node stop.
/// Operations on one region run one at a time, in call order; each answers the region's state.
public final class RegionHandle: Sendable {
    /// The configured region name (`us-east-1`, `eu-west-2`, ...).
    public let name: String
    /// The voter this region runs.
    public let node: NodeID
    private let machine = Mutex(RegionStateMachine())
    private let components = Mutex<[any RegionComponent]>([])
    private let gate = SerialGate()
    private let clock: @Sendable () -> UInt64

    /// A region with no components yet; `clock` gives monotonic nanoseconds (timed pauses).
    public init(name: String, node: NodeID, clock: @escaping @Sendable () -> UInt64 = RegionHandle.monotonicNanos) {
        self.name = name
        self.node = node
        self.clock = clock
    }

    /// Adds a component. A component registered while the region is down is brought to the
    /// region's state first (stopped or paused).
    public func register(_ component: any RegionComponent) async {
        await gate.run {
            let state = machine.withLock { $0.state }
            switch state {
            case .up: break
            case .killed(let mode): await component.stop(mode)
            case .paused: await component.pause()
            }
            components.withLock { $0.append(component) }
        }
    }

    /// The components' names, front to back.
    public var componentNames: [String] { ordered(stopping: true).map(\.name) }

    /// The current state.
    public var state: RegionState { machine.withLock { $0.state } }

    /// Kills the region (idempotent); answers its state.
    @discardableResult
    public func kill(_ mode: KillMode = .refuse) async -> RegionState {
        await gate.run {
            let actions = machine.withLock { $0.kill(mode) }
            await perform(actions)
            return state
        }
    }

    /// Pauses the region for `duration`, or until `resume` when nil; answers its state.
    @discardableResult
    public func pause(for duration: Duration? = nil) async throws(ChaosError) -> RegionState {
        let resumeAt = duration.map { clock() &+ Self.nanos($0) }
        let result = await gate.run { () -> Result<RegionState, RegionTransitionRefusal> in
            switch machine.withLock({ $0.pause(resumeAt: resumeAt) }) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let actions):
                await perform(actions)
                return .success(state)
            }
        }
        return try result.get(region: name, operation: "pause")
    }

    /// Resumes a paused region; answers its state.
    @discardableResult
    public func resume() async throws(ChaosError) -> RegionState {
        let result = await gate.run { () -> Result<RegionState, RegionTransitionRefusal> in
            switch machine.withLock({ $0.resume() }) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let actions):
                await perform(actions)
                return .success(state)
            }
        }
        return try result.get(region: name, operation: "resume")
    }

    /// Restores the region from any state (idempotent); answers its state. A component that
    /// cannot start leaves the region killed and throws `componentFailed`.
    @discardableResult
    public func restore() async throws(ChaosError) -> RegionState {
        let failure: ChaosError? = await gate.run {
            let before = machine.withLock { $0.state }
            let actions = machine.withLock { $0.restore() }
            guard actions == [.start] else {
                await perform(actions)
                return nil
            }
            for component in ordered(stopping: false) {
                do {
                    try await component.start()
                } catch {
                    if case .killed(let mode) = before { machine.withLock { $0.startFailed(mode: mode) } }
                    return .componentFailed(region: name, component: component.name, reason: "\(error)")
                }
            }
            return nil
        }
        if let failure { throw failure }
        return state
    }

    private func perform(_ actions: [RegionAction]) async {
        for action in actions {
            switch action {
            case .stop(let mode):
                for c in ordered(stopping: true) { await c.stop(mode) }
            case .start:
                for c in ordered(stopping: false) { try? await c.start() }
            case .pause:
                for c in ordered(stopping: true) { await c.pause() }
            case .resume:
                for c in ordered(stopping: false) { await c.resume() }
            case .scheduleResume(let at, let generation):
                let wait = at > clock() ? at - clock() : 0
                Task { [self] in
                    try? await Task.sleep(for: .nanoseconds(Int64(min(wait, UInt64(Int64.max)))))
                    await self.timerFired(generation: generation)
                }
            }
        }
    }

    private func timerFired(generation: UInt64) async {
        await gate.run {
            let actions = machine.withLock { $0.timerFired(generation: generation) }
            await perform(actions)
        }
    }

    /// Components front to back (stopping) or back to front (starting); stable within a layer.
    private func ordered(stopping: Bool) -> [any RegionComponent] {
        let list = components.withLock { $0 }
        let indexed = list.enumerated().sorted { a, b in
            a.element.layer == b.element.layer ? a.offset < b.offset : a.element.layer < b.element.layer
        }.map(\.element)
        return stopping ? indexed : indexed.reversed()
    }

    /// When a timed pause ends (monotonic ns), if paused with a deadline.
    public var resumeAt: UInt64? {
        if case .paused(let at) = state { return at }
        return nil
    }

    /// Milliseconds until a timed pause ends, if any.
    public var resumesInMilliseconds: UInt64? {
        guard let at = resumeAt else { return nil }
        let now = clock()
        return at > now ? (at - now) / 1_000_000 : 0
    }

    static func nanos(_ d: Duration) -> UInt64 {
        let c = d.components
        guard c.seconds >= 0 else { return 0 }
        return UInt64(c.seconds) &* 1_000_000_000 &+ UInt64(max(0, c.attoseconds) / 1_000_000_000)
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    public static let monotonicNanos: @Sendable () -> UInt64 = {
        let d = ContinuousClock.now - ContinuousClock.Instant.zeroReference
        return nanos(d)
    }
}

extension ContinuousClock.Instant {
    /// A fixed instant to measure from (the process's first use).
    static let zeroReference = ContinuousClock.now
}

extension Result where Success == RegionState, Failure == RegionTransitionRefusal {
    func get(region: String, operation: String) throws(ChaosError) -> RegionState {
        switch self {
        case .success(let state): return state
        case .failure: throw ChaosError.conflict(region: region, message: "region \(region) is killed: restore it before \(operation)")
        }
    }
}
