/// The region state machine (up, killed, paused) with idempotent transitions, as a pure value.
///
/// It decides; `RegionHandle` carries out the actions on the components. Kill, pause and
/// restore repeat safely: a second kill in the same mode does nothing, a kill in the other
/// mode switches the listeners, a restore of a region that is up does nothing. Pausing or
/// resuming a killed region is refused (a dead process cannot be paused): restore it first.
public struct RegionStateMachine: Sendable, Equatable {
    public private(set) var state: RegionState = .up
    /// Bumped whenever a scheduled resume becomes stale.
    public private(set) var generation: UInt64 = 0

    public init() {}

    /// Kills the region (from any state).
    public mutating func kill(_ mode: KillMode) -> [RegionAction] {
        switch state {
        case .killed(let current) where current == mode:
            return []
        case .killed, .up:
            state = .killed(mode)
            return [.stop(mode)]
        case .paused:
            generation &+= 1
            state = .killed(mode)
            return [.stop(mode)]
        }
    }

    /// Pauses the region until `resumeAt` (monotonic ns), or until `resume` when nil. Pausing
    /// a paused region only moves its deadline.
    public mutating func pause(resumeAt: UInt64?) -> Result<[RegionAction], RegionTransitionRefusal> {
        switch state {
        case .killed:
            return .failure(.killed)
        case .up:
            generation &+= 1
            state = .paused(resumeAt: resumeAt)
            return .success([.pause] + schedule(resumeAt))
        case .paused:
            generation &+= 1
            state = .paused(resumeAt: resumeAt)
            return .success(schedule(resumeAt))
        }
    }

    /// Resumes a paused region (nothing to do when up).
    public mutating func resume() -> Result<[RegionAction], RegionTransitionRefusal> {
        switch state {
        case .killed:
            return .failure(.killed)
        case .up:
            return .success([])
        case .paused:
            generation &+= 1
            state = .up
            return .success([.resume])
        }
    }

    /// Brings the region back from any state (nothing to do when up).
    public mutating func restore() -> [RegionAction] {
        switch state {
        case .up:
            return []
        case .killed:
            state = .up
            return [.start]
        case .paused:
            generation &+= 1
            state = .up
            return [.resume]
        }
    }

    /// A scheduled resume came due; stale ones (superseded by a later transition) do nothing.
    public mutating func timerFired(generation fired: UInt64) -> [RegionAction] {
        guard case .paused = state, fired == generation else { return [] }
        generation &+= 1
        state = .up
        return [.resume]
    }

    /// A start failed: the region stays killed (a later restore retries every component).
    public mutating func startFailed(mode: KillMode) {
        state = .killed(mode)
    }

    private func schedule(_ at: UInt64?) -> [RegionAction] {
        at.map { [.scheduleResume(at: $0, generation: generation)] } ?? []
    }
}

/// Why a transition was refused.
public enum RegionTransitionRefusal: Error, Sendable, Equatable {
    /// The region is killed: restore it before pausing or resuming.
    case killed
}
