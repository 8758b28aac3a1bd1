import Testing
@testable import Replication

struct ConflictAdjudicatorTests {
    func txn(_ keys: [String], snapshot: UInt64, txid: UInt64, deps: [String] = [], retry: Bool = false) -> Proposal {
        Proposal(
            kind: .transaction, payload: [], writeKeys: keys, schemaDependencies: deps, snapshotIndex: snapshot,
            transactionID: txid, origin: .primary, isRetry: retry)
    }

    func entry(_ index: UInt64, _ kind: EntryKind, _ keys: [String], txid: UInt64) -> LogEntry {
        LogEntry(term: 1, index: index, kind: kind, writeKeys: keys, origin: .primary, transactionID: txid)
    }

    @Test func writeAfterSnapshotConflicts() {
        var a = ConflictAdjudicator()
        a.record(entry(1, .noop, [], txid: 0))
        a.record(entry(2, .transaction, ["t/1"], txid: 10))
        #expect(a.judge(txn(["t/1"], snapshot: 1, txid: 11)) == .conflict(.data))
        #expect(a.judge(txn(["t/1"], snapshot: 2, txid: 11)) == .accept)
        #expect(a.judge(txn(["t/2"], snapshot: 1, txid: 11)) == .accept)
    }

    @Test func schemaChangeConflictsWithDependentTransaction() {
        var a = ConflictAdjudicator()
        a.record(entry(1, .schema, ["users"], txid: 5))
        #expect(a.judge(txn(["orders/1"], snapshot: 0, txid: 6, deps: ["users", "orders"])) == .conflict(.schema))
        #expect(a.judge(txn(["orders/1"], snapshot: 0, txid: 6, deps: ["orders"])) == .accept)
        #expect(a.judge(txn(["orders/1"], snapshot: 1, txid: 6, deps: ["users"])) == .accept)
        let ddl = Proposal(kind: .schema, payload: [], writeKeys: ["users"], snapshotIndex: 0, transactionID: 7, origin: .secondary)
        #expect(a.judge(ddl) == .conflict(.schema))
    }

    @Test func duplicateTransactionIDIsDeduplicated() {
        var a = ConflictAdjudicator()
        a.record(entry(1, .transaction, ["k"], txid: 42))
        #expect(a.judge(txn(["k"], snapshot: 0, txid: 42)) == .duplicate(1))
    }

    @Test func snapshotBelowWindowIsConservative() {
        let a = ConflictAdjudicator(floor: 10, entries: [entry(11, .transaction, ["x"], txid: 1)])
        #expect(a.judge(txn(["y"], snapshot: 9, txid: 2)) == .conflict(.data))
        #expect(a.judge(txn(["y"], snapshot: 9, txid: 2, retry: true)) == .indeterminate)
        #expect(a.judge(txn(["y"], snapshot: 10, txid: 2)) == .accept)
    }

    @Test func rebuildFromLogMatchesIncrementalRecording() {
        let entries = (1...50).map { i in entry(UInt64(i), i % 7 == 0 ? .schema : .transaction, ["k\(i % 5)"], txid: UInt64(i)) }
        var incremental = ConflictAdjudicator()
        for e in entries { incremental.record(e) }
        let rebuilt = ConflictAdjudicator(floor: 0, entries: entries)
        for snapshot in UInt64(0)...50 {
            for k in 0..<6 {
                let p = txn(["k\(k)"], snapshot: snapshot, txid: 1000, deps: ["k\(k)"])
                #expect(incremental.judge(p) == rebuilt.judge(p), "snapshot \(snapshot) key \(k)")
            }
        }
    }

    @Test func forgettingRaisesTheFloor() {
        var a = ConflictAdjudicator(capacity: 8)
        for i in UInt64(1)...20 { a.record(entry(i, .transaction, ["k\(i)"], txid: i)) }
        #expect(a.floor > 0)
        #expect(a.judge(txn(["zzz"], snapshot: 0, txid: 999)) == .conflict(.data))
        #expect(a.judge(txn(["k20"], snapshot: 19, txid: 999)) == .conflict(.data))
        #expect(a.judge(txn(["k20"], snapshot: 20, txid: 999)) == .accept)
    }
}
