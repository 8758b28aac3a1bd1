import CoreMetrics
import DSQLClient
import Replication
import Synchronization

/// The `AWS/AuroraDSQL` metrics of one data region's cluster, by `ClusterId`, emitted through
/// swift-metrics (dsql.md section 6).
///
/// - `TotalTransactions`: every COMMIT (an autocommit statement is one), read-only ones included;
///   `ReadOnlyTransactions` those with nothing to propose.
/// - `OccConflicts`: commits refused with 40001 (OC000 data, OC001 schema).
/// - `CommitLatency`: the commit phase of a writing transaction, from proposing to a majority's
///   acknowledgement (a timer; milliseconds in CloudWatch).
/// - `BytesWritten`: the committed changesets' size; `BytesRead`: an estimate of the bytes of the
///   rows statements read back from the store (8 per number, the length of text and blobs).
///
/// Instruments are absent until the stack attaches a factory (`DSQLCluster.publishMetrics`),
/// so a cluster used without one pays a lock and a nil check per call.
final class DSQLMetrics: Sendable {
    struct Instruments: Sendable {
        let total: Counter
        let readOnly: Counter
        let conflicts: Counter
        let commitLatency: Timer
        let bytesWritten: Counter
        let bytesRead: Counter
    }

    static let namespace = "AWS/AuroraDSQL"

    private let instruments = Mutex<Instruments?>(nil)

    init() {}

    func attach(clusterID: String, factory: any MetricsFactory) {
        let d = [("ClusterId", clusterID)]
        func counter(_ name: String) -> Counter { Counter(label: "\(Self.namespace)/\(name)", dimensions: d, factory: factory) }
        let made = Instruments(
            total: counter("TotalTransactions"), readOnly: counter("ReadOnlyTransactions"), conflicts: counter("OccConflicts"),
            commitLatency: Timer(label: "\(Self.namespace)/CommitLatency", dimensions: d, factory: factory),
            bytesWritten: counter("BytesWritten"), bytesRead: counter("BytesRead"))
        instruments.withLock { $0 = made }
    }

    private var current: Instruments? { instruments.withLock { $0 } }

    /// A COMMIT with nothing to propose.
    func readOnlyCommitted() {
        guard let i = current else { return }
        i.total.increment()
        i.readOnly.increment()
    }

    /// A writing COMMIT that a majority acknowledged after `latency`, proposing `bytes`.
    func committed(bytes: Int, latency: Duration) {
        guard let i = current else { return }
        i.total.increment()
        i.bytesWritten.increment(by: bytes)
        let (seconds, attoseconds) = latency.components
        i.commitLatency.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// A writing COMMIT refused by the adjudicator (OC000/OC001).
    func conflicted() {
        guard let i = current else { return }
        i.total.increment()
        i.conflicts.increment()
    }

    /// Rows a statement read back from the store.
    func read(_ rows: [[SQLValue]]) {
        guard let i = current, !rows.isEmpty else { return }
        var bytes = 0
        for row in rows {
            for value in row {
                switch value {
                case .text(let s): bytes += s.utf8.count
                case .blob(let b): bytes += b.count
                case .null: bytes += 1
                default: bytes += 8
                }
            }
        }
        i.bytesRead.increment(by: bytes)
    }
}

extension DSQLCluster {
    /// Starts emitting `region`'s `AWS/AuroraDSQL` metrics, with dimension `ClusterId`, through
    /// `factory`.
    public func publishMetrics(region: NodeID, clusterID: String, factory: any MetricsFactory) {
        metrics(region).attach(clusterID: clusterID, factory: factory)
    }

    func metrics(_ node: NodeID) -> DSQLMetrics { regionMetrics[node == .primary ? 0 : 1] }
}
