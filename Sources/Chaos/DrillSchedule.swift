import Determinism
import Replication

/// One fault with every value picked: which region, which mode, how long.
public enum DrillAction: Sendable, Equatable {
    case kill(NodeID, KillMode)
    /// Paused for this many milliseconds, or until a `resume` step when nil.
    case pause(NodeID, milliseconds: Int?)
    case resume(NodeID)
    case restore(NodeID)
    case partition(NodeID, NodeID, both: Bool)
    case isolate(NodeID)
    /// On every link when `between` is nil, else on the two directions between the pair.
    case links(LinkFault, between: Pair?)
    case latency(LatencyPreset)
    case heal

    /// Two regions.
    public struct Pair: Sendable, Equatable {
        public var a: NodeID
        public var b: NodeID
        public init(_ a: NodeID, _ b: NodeID) {
            self.a = a
            self.b = b
        }
    }

    /// The action's verb (`kill`, `pause`, ...), as the fixture spells it.
    public var verb: String {
        switch self {
        case .kill: "kill"
        case .pause: "pause"
        case .resume: "resume"
        case .restore: "restore"
        case .partition: "partition"
        case .isolate: "isolate"
        case .links: "links"
        case .latency: "latency"
        case .heal: "heal"
        }
    }

    /// The region it takes down or cuts off (kill, pause, isolate), if one.
    public var faultedRegion: NodeID? {
        switch self {
        case .kill(let n, _), .pause(let n, _), .isolate(let n): n
        default: nil
        }
    }

    /// True for the steps that bring things back (restore, resume, heal).
    public var isRecovery: Bool {
        switch self {
        case .restore, .resume, .heal: true
        default: false
        }
    }

    /// One line, with the configured region names: `kill us-east-1 (refuse)`.
    public func describe(_ names: RegionNames) -> String {
        switch self {
        case .kill(let n, let mode): "kill \(names[n]) (\(mode.rawValue))"
        case .pause(let n, let ms): "pause \(names[n]) " + (ms.map { "for \($0) ms" } ?? "until resume")
        case .resume(let n): "resume \(names[n])"
        case .restore(let n): "restore \(names[n])"
        case .partition(let a, let b, let both): "partition \(names[a]) \(both ? "<->" : "->") \(names[b])"
        case .isolate(let n): "isolate \(names[n]) from every region"
        case .links(let f, let pair):
            (pair.map { "links \(names[$0.a]) <-> \(names[$0.b]): " } ?? "links (all): ")
                + "latency \(Int(f.latencyMs)) ms, jitter \(Int(f.jitterMs)) ms, loss \(f.loss)" + (f.partition ? ", partitioned" : "")
        case .latency(let preset): "latency preset \(preset.rawValue)"
        case .heal: "heal everything"
        }
    }
}

/// One timed step: milliseconds from the workload's start, and the action.
public struct DrillStep: Sendable, Equatable {
    public var atMs: Int
    public var action: DrillAction

    public init(atMs: Int, action: DrillAction) {
        self.atMs = atMs
        self.action = action
    }
}

/// What one seed makes of a fixture: the steps with their times and values, and the workload's
/// seed. A pure value: the same fixture, seed and duration give the same schedule.
///
/// Why it exists apart from the runner: the schedule can be printed, compared and tested without
/// starting a stack, and a failing drill names the seed that replays it.
public struct DrillSchedule: Sendable, Equatable {
    public var name: String
    public var seed: UInt64
    /// The workload's duration in milliseconds.
    public var durationMs: Int
    /// The steps, by time (file order among equal times).
    public var steps: [DrillStep]
    /// The shuffled regions, in the order the seed put them.
    public var shuffled: [NodeID]
    /// The seed of the workload's operation streams (independent of the steps' draws).
    public var workloadSeed: UInt64

    /// Builds the schedule of `fixture` for `seed`. `durationMs`, when given, replaces the
    /// fixture's duration and scales every step's time in proportion (pause lengths too).
    public init(_ fixture: DrillFixture, seed: UInt64, durationMs: Int? = nil) {
        var root = SeededGenerator(seed: seed)
        var rng = root.fork()
        workloadSeed = root.next()
        name = fixture.name
        self.seed = seed
        let duration = max(1, durationMs ?? fixture.durationMs)
        self.durationMs = duration
        let scale = Double(duration) / Double(fixture.durationMs)
        func scaled(_ ms: Int) -> Int { Int((Double(ms) * scale).rounded()) }

        var order = fixture.shuffledRegions
        if order.count > 1 {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
            }
        }
        shuffled = order
        func node(_ t: DrillTarget) -> NodeID {
            switch t {
            case .role(let n): n
            case .shuffled(let i): order[i - 1]
            }
        }

        var steps: [DrillStep] = []
        var previous = 0
        for template in fixture.steps {
            let at: Int
            switch template.timing {
            case .at(let range): at = range.draw(&rng)
            case .after(let range): at = previous + range.draw(&rng)
            }
            previous = at
            let action: DrillAction
            switch template.action {
            case .kill(let t, let modes): action = .kill(node(t), modes[Int(rng.next() % UInt64(modes.count))])
            case .pause(let t, let range): action = .pause(node(t), milliseconds: range.map { scaled($0.draw(&rng)) })
            case .resume(let t): action = .resume(node(t))
            case .restore(let t): action = .restore(node(t))
            case .partition(let a, let b, let both): action = .partition(node(a), node(b), both: both)
            case .isolate(let t): action = .isolate(node(t))
            case .links(let fault, let between):
                action = .links(fault, between: between.count == 2 ? .init(node(between[0]), node(between[1])) : nil)
            case .latency(let preset): action = .latency(preset)
            case .heal: action = .heal
            }
            steps.append(DrillStep(atMs: min(duration, scaled(at)), action: action))
        }
        self.steps = steps.enumerated().sorted { ($0.element.atMs, $0.offset) < ($1.element.atMs, $1.offset) }.map(\.element)
    }

    /// The schedule as lines, one per step: `+0.812 s  kill us-east-1 (refuse)`.
    public func lines(_ names: RegionNames) -> [String] {
        steps.map { Self.offset($0.atMs) + "  " + $0.action.describe(names) }
    }

    /// `+1.250 s`.
    public static func offset(_ ms: Int) -> String {
        let sign = ms < 0 ? "-" : "+"
        let v = abs(ms)
        let frac = String(v % 1000)
        return "\(sign)\(v / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac) s"
    }
}
