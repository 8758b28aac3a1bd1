import Determinism
import Replication

/// A drill scenario as a fixture file describes it (`fixtures/drills/NAME.json`): how long the
/// workload runs, which faults come when (as ranges the seed draws from), and the workload's mix.
///
/// Why a value of its own: the file is what users write and review; `DrillSchedule` is what one
/// seed makes of it. Keeping the two apart lets the same fixture replay exactly for a seed and
/// vary across seeds, and lets the parser refuse a malformed file before anything starts.
public struct DrillFixture: Sendable, Equatable {
    /// The drill's name (`region-outage`, ...).
    public var name: String
    /// One sentence on what the drill shows.
    public var description: String
    /// How long the workload runs, in milliseconds; every step falls inside it.
    public var durationMs: Int
    /// Roles the seed shuffles; `shuffled:N` in a step names the N-th (1-based) of them.
    public var shuffledRegions: [NodeID]
    /// The faults, in file order.
    public var steps: [DrillStepTemplate]
    /// The workload each data region runs.
    public var workload: DrillWorkloadMix
    /// The Route 53 health checks' interval in the drill's stack (short, so failover shows).
    public var healthCheckIntervalMs: Int

    public init(
        name: String, description: String = "", durationMs: Int, shuffledRegions: [NodeID] = [],
        steps: [DrillStepTemplate], workload: DrillWorkloadMix = DrillWorkloadMix(), healthCheckIntervalMs: Int = 200
    ) {
        self.name = name
        self.description = description
        self.durationMs = durationMs
        self.shuffledRegions = shuffledRegions
        self.steps = steps
        self.workload = workload
        self.healthCheckIntervalMs = healthCheckIntervalMs
    }
}

/// A time in milliseconds, fixed (`800`) or drawn uniformly from a range (`[600, 1000]`).
public struct DrillTimeRange: Sendable, Equatable {
    public var low: Int
    public var high: Int

    public init(_ low: Int, _ high: Int? = nil) {
        self.low = low
        self.high = high ?? low
    }

    /// A draw in `low...high`.
    func draw(_ rng: inout SeededGenerator) -> Int {
        high > low ? low + Int(rng.next() % UInt64(high - low + 1)) : low
    }
}

/// A region as a fixture names it: a role, or one of the seed's shuffled roles.
public enum DrillTarget: Sendable, Equatable {
    case role(NodeID)
    /// The N-th (1-based) of the fixture's `shuffled_regions` after the seed's shuffle.
    case shuffled(Int)
}

/// One step of a fixture: when (absolute, or after the previous step) and what.
public struct DrillStepTemplate: Sendable, Equatable {
    /// When the step happens.
    public enum Timing: Sendable, Equatable {
        /// Milliseconds from the workload's start.
        case at(DrillTimeRange)
        /// Milliseconds after the previous step (after the start for the first).
        case after(DrillTimeRange)
    }

    public var timing: Timing
    public var action: DrillActionTemplate

    public init(_ timing: Timing, _ action: DrillActionTemplate) {
        self.timing = timing
        self.action = action
    }
}

/// A fault as a fixture describes it, before the seed picks its values.
public enum DrillActionTemplate: Sendable, Equatable {
    /// Kill a region; the seed picks one of `modes`.
    case kill(DrillTarget, modes: [KillMode])
    /// Pause a region for a drawn number of milliseconds (nil: until a `resume` step).
    case pause(DrillTarget, milliseconds: DrillTimeRange?)
    case resume(DrillTarget)
    case restore(DrillTarget)
    /// Cut the link between two regions (one direction unless `both`).
    case partition(DrillTarget, DrillTarget, both: Bool)
    /// Cut every link of a region, both directions.
    case isolate(DrillTarget)
    /// A fault on every link (or on the links between `between`, both directions).
    case links(LinkFault, between: [DrillTarget])
    /// A latency preset on every link.
    case latency(LatencyPreset)
    /// Everything restored, every link healthy.
    case heal
}

/// What the workload does: a bank client (the SQL path) and a users client (the API) in each
/// data region, each starting one operation per `pacingMs` slot.
public struct DrillWorkloadMix: Sendable, Equatable {
    /// Bank accounts.
    public var accounts: Int
    /// Each account's opening balance.
    public var initialBalance: Int
    /// One operation per client per this many milliseconds (or back to back when slower).
    public var pacingMs: Int
    /// The bank client's share of transfers (the rest read the ledger).
    public var transferShare: Double
    /// The users client's share of creations (the rest list users).
    public var createShare: Double

    public init(accounts: Int = 8, initialBalance: Int = 1000, pacingMs: Int = 20, transferShare: Double = 0.75,
                createShare: Double = 0.7) {
        self.accounts = accounts
        self.initialBalance = initialBalance
        self.pacingMs = pacingMs
        self.transferShare = transferShare
        self.createShare = createShare
    }

    /// The bank's total, which no transfer changes.
    public var total: Int { accounts * initialBalance }
}
