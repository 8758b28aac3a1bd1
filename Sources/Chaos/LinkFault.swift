import Replication

/// The fault on one directed link between two regions' log nodes: a partition, or latency
/// with jitter and a loss probability.
///
/// It is the chaos API's view of `LinkConditions` (milliseconds and a probability, validated),
/// applied to the running log's link table, so the same seed draws the same jitter and losses.
public struct LinkFault: Sendable, Equatable {
    /// Every message on the link is dropped.
    public var partition: Bool
    /// One-way delay in milliseconds.
    public var latencyMs: Double
    /// Extra uniformly random delay in [0, jitter] milliseconds.
    public var jitterMs: Double
    /// Probability in [0, 1] that a message is lost.
    public var loss: Double

    /// A healthy link.
    public static let none = LinkFault()

    public init(partition: Bool = false, latencyMs: Double = 0, jitterMs: Double = 0, loss: Double = 0) {
        self.partition = partition
        self.latencyMs = latencyMs
        self.jitterMs = jitterMs
        self.loss = loss
    }

    /// The fault a link's conditions amount to.
    public init(_ conditions: LinkConditions) {
        partition = conditions.partitioned
        latencyMs = Double(conditions.delay) / 1000
        jitterMs = Double(conditions.jitter) / 1000
        loss = conditions.loss
    }

    /// The longest latency or jitter a link accepts (one minute).
    public static let maxMilliseconds = 60_000.0

    /// Checks the ranges; the message names the field and the rule.
    public func validate() throws(ChaosError) {
        for (field, value) in [("latency_ms", latencyMs), ("jitter_ms", jitterMs)]
        where !(value >= 0 && value <= Self.maxMilliseconds) {
            throw .invalid("\(field) must be between 0 and \(Int(Self.maxMilliseconds)), got \(value)")
        }
        if !(loss >= 0 && loss <= 1) { throw .invalid("loss must be a probability between 0 and 1, got \(loss)") }
    }

    /// The link conditions the log's driver applies.
    public var conditions: LinkConditions {
        LinkConditions(
            partitioned: partition, delay: Micros((latencyMs * 1000).rounded()),
            jitter: Micros((jitterMs * 1000).rounded()), loss: loss)
    }

    /// True when the link behaves as a healthy one.
    public var isHealthy: Bool { self == .none }
}

/// One directed link and its fault, as the status report lists it.
public struct LinkReport: Sendable, Equatable {
    public var from: NodeID
    public var to: NodeID
    public var fault: LinkFault

    public init(from: NodeID, to: NodeID, fault: LinkFault) {
        self.from = from
        self.to = to
        self.fault = fault
    }
}

extension ReplicationCluster {
    /// Puts `fault` on `from -> to` (and `to -> from` when `both`).
    public func apply(_ fault: LinkFault, from: NodeID, to: NodeID, both: Bool = false) {
        setLink(from: from, to: to, fault.conditions)
        if both { setLink(from: to, to: from, fault.conditions) }
    }

    /// Every directed link between two different nodes, in a fixed order.
    public var linkReports: [LinkReport] {
        let table = linkTable
        var result: [LinkReport] = []
        for from in NodeID.allCases {
            for to in NodeID.allCases where to != from {
                result.append(LinkReport(from: from, to: to, fault: LinkFault(table[from, to])))
            }
        }
        return result
    }

    /// Heals every link: no partition, no latency, no loss.
    public func healLinks() { apply(.zero) }
}
