import Determinism

/// Conditions of one directed link between two voters.
///
/// Used by the simulator (all fields) and the real-time driver (delay, jitter, loss, partition).
public struct LinkConditions: Sendable, Equatable {
    /// Cut: every message is dropped.
    public var partitioned = false
    /// One-way delay before jitter.
    public var delay: Micros = 0
    /// Extra uniformly random delay in [0, jitter]; it also reorders messages.
    public var jitter: Micros = 0
    /// Probability that a message is lost.
    public var loss: Double = 0
    /// Probability that a message is delivered twice (simulation only).
    public var duplicate: Double = 0

    public init(partitioned: Bool = false, delay: Micros = 0, jitter: Micros = 0, loss: Double = 0, duplicate: Double = 0) {
        self.partitioned = partitioned
        self.delay = delay
        self.jitter = jitter
        self.loss = loss
        self.duplicate = duplicate
    }
}

/// Named sets of link conditions.
///
/// `realistic` uses published inter-region round trips: about 12 ms between us-east-1 and
/// us-east-2, 60-70 ms between either of them and us-west-2 (one-way delay = RTT / 2).
public enum LatencyPreset: String, Sendable, CaseIterable {
    case zero
    case realistic

    /// The conditions of the directed link `from -> to`.
    public func conditions(from: NodeID, to: NodeID) -> LinkConditions {
        switch self {
        case .zero:
            return LinkConditions()
        case .realistic:
            if from.isDataRegion && to.isDataRegion { return LinkConditions(delay: 5_500, jitter: 1_000) }
            if from == .primary || to == .primary { return LinkConditions(delay: 30_000, jitter: 2_000) }
            return LinkConditions(delay: 32_500, jitter: 2_000)
        }
    }
}

/// The nine directed links (three self-links unused), indexed `from * 3 + to`.
public struct LinkTable: Sendable {
    public var links: [LinkConditions]

    public init(preset: LatencyPreset = .zero) {
        links = []
        for from in NodeID.allCases {
            for to in NodeID.allCases { links.append(preset.conditions(from: from, to: to)) }
        }
    }

    public subscript(from: NodeID, to: NodeID) -> LinkConditions {
        get { links[from.rawValue * 3 + to.rawValue] }
        set { links[from.rawValue * 3 + to.rawValue] = newValue }
    }

    /// Cuts (or restores) both directions between two nodes.
    public mutating func setPartitioned(_ a: NodeID, _ b: NodeID, _ cut: Bool) {
        self[a, b].partitioned = cut
        self[b, a].partitioned = cut
    }

    /// Removes every partition, keeping delays.
    public mutating func healAll() {
        for i in links.indices { links[i].partitioned = false }
    }

    /// Decides the fate of one message: nil when dropped, else its delivery delays (one or two).
    public func fate(from: NodeID, to: NodeID, using rng: inout SeededGenerator) -> (Micros, Micros?)? {
        let l = self[from, to]
        if l.partitioned { return nil }
        if l.loss > 0 && rng.chance(l.loss) { return nil }
        let first = l.delay + (l.jitter > 0 ? UInt64.random(in: 0...l.jitter, using: &rng) : 0)
        var second: Micros?
        if l.duplicate > 0 && rng.chance(l.duplicate) {
            second = l.delay + UInt64.random(in: 0...(2 * l.jitter + 1_000), using: &rng)
        }
        return (first, second)
    }
}
