/// A region's chaos state.
public enum RegionState: Sendable, Equatable, CustomStringConvertible {
    /// Serving.
    case up
    /// Killed: components stopped (listeners refusing or black-holing).
    case killed(KillMode)
    /// Paused (state kept, nothing processed), until a monotonic deadline (ns) or `resume`.
    case paused(resumeAt: UInt64?)

    /// `up`, `killed` or `paused`.
    public var name: String {
        switch self {
        case .up: "up"
        case .killed: "killed"
        case .paused: "paused"
        }
    }

    public var description: String {
        switch self {
        case .up: "up"
        case .killed(let mode): "killed (\(mode.rawValue))"
        case .paused(let at): at == nil ? "paused (until resume)" : "paused (timed)"
        }
    }
}

/// What the shell must do after a transition.
public enum RegionAction: Sendable, Equatable {
    /// Stop every component, front to back.
    case stop(KillMode)
    /// Start every component, back to front.
    case start
    /// Pause every component.
    case pause
    /// Resume every component.
    case resume
    /// Call `timerFired(generation:)` at this monotonic time (ns).
    case scheduleResume(at: UInt64, generation: UInt64)
}
