import Chaos
import Foundation
import Replication
import Testing

/// The drill's invariants and report over hand-made histories: each invariant holds on a
/// consistent run and fails on the break it exists for.
@Suite struct DrillInvariantsTests {
    static let mix = DrillWorkloadMix(accounts: 2, initialBalance: 100)
    static let bank = DrillClient(region: .primary, kind: .bank)
    static let users = DrillClient(region: .secondary, kind: .users)
    static let ms: UInt64 = 1_000_000

    static func record(_ client: DrillClient, _ op: DrillOperation, _ start: UInt64, _ end: UInt64, _ outcome: DrillOutcome = .ok,
                       observed: DrillObservation? = nil, created: String? = nil) -> DrillRecord {
        DrillRecord(client: client, operation: op, start: start * ms, end: end * ms, outcome: outcome, observed: observed, created: created)
    }

    /// Two transfers (t1 acknowledged, t2 unknown but committed), one user, two reads.
    static var history: [DrillRecord] {
        [
            record(bank, .transfer(id: "t1", from: 0, to: 1, amount: 10), 0, 5),
            record(bank, .transfer(id: "t2", from: 1, to: 0, amount: 3), 6, 9, .unknown("08007")),
            record(users, .createUser(name: "A", email: "a@x"), 10, 20, created: "2026-12-02T10:00:00.100000"),
            record(bank, .readLedger, 21, 22, observed: .ledger(["t1", "t2"])),
            record(users, .listUsers, 21, 23, observed: .users([DrillUserRow(email: "a@x", createdAt: "2026-12-02T10:00:00.1")])),
            record(users, .createUser(name: "B", email: "b@x"), 30, 31, .failed("connection refused")),
        ]
    }

    static func region(balances: [Int: Int] = [0: 93, 1: 107], ledger: [DrillLedgerEntry]? = nil, emails: Set<String> = ["a@x"],
                       hash: String = "h") -> DrillFinalState.Region {
        DrillFinalState.Region(
            balances: balances,
            ledger: ledger ?? [DrillLedgerEntry(id: "t1", from: 0, to: 1, amount: 10), DrillLedgerEntry(id: "t2", from: 1, to: 0, amount: 3)],
            emails: emails, contentHash: hash)
    }

    static func failing(_ records: [DrillRecord], _ final: DrillFinalState) -> [String] {
        DrillInvariants.check(records, final: final, mix: mix).filter { !$0.holds }.map(\.name)
    }

    @Test func everyInvariantHoldsOnAConsistentRun() {
        let results = DrillInvariants.check(Self.history, final: DrillFinalState(regions: [.primary: Self.region(), .secondary: Self.region()]), mix: Self.mix)
        #expect(results.map(\.name) == ["acknowledged-writes-kept", "bank-total", "no-stale-read", "regions-identical"])
        #expect(results.allSatisfy { $0.holds }, "\(results)")
    }

    @Test func aLostAcknowledgedWriteIsCaughtInEitherRegion() {
        let lostUser = DrillFinalState(regions: [.primary: Self.region(), .secondary: Self.region(emails: [])])
        #expect(Self.failing(Self.history, lostUser) == ["acknowledged-writes-kept"])
        // t1 is gone; the ledger and the balances agree without it.
        let lostTransfer = Self.region(balances: [0: 103, 1: 97], ledger: [DrillLedgerEntry(id: "t2", from: 1, to: 0, amount: 3)])
        let final = DrillFinalState(regions: [.primary: lostTransfer, .secondary: lostTransfer])
        let failed = DrillInvariants.check(Self.history, final: final, mix: Self.mix).filter { !$0.holds }
        #expect(failed.map(\.name) == ["acknowledged-writes-kept"])
        #expect(failed.first?.detail.contains("lost 1 acknowledged transfers: t1") == true, "\(failed)")
        // An unknown or failed write may be missing.
        let unknownMissing = Self.region(
            balances: [0: 90, 1: 110], ledger: [DrillLedgerEntry(id: "t1", from: 0, to: 1, amount: 10)])
        #expect(Self.failing(Self.history.filter { $0.operation.kind != "read-ledger" },
                             DrillFinalState(regions: [.primary: unknownMissing, .secondary: unknownMissing])).isEmpty)
    }

    @Test func theBankMustKeepItsTotalAndMatchItsLedger() {
        let skimmed = Self.region(balances: [0: 92, 1: 107])
        #expect(Self.failing(Self.history, DrillFinalState(regions: [.primary: skimmed, .secondary: skimmed])) == ["bank-total"])
        // The total holds but account 0 got money without a ledger row.
        let shuffled = Self.region(balances: [0: 94, 1: 106])
        let detail = DrillInvariants.check(Self.history, final: DrillFinalState(regions: [.primary: shuffled, .secondary: shuffled]), mix: Self.mix)
            .first { $0.name == "bank-total" }
        #expect(detail?.holds == false && detail?.detail.contains("differ from the ledger") == true, "\(String(describing: detail))")
    }

    @Test func aReadMissingAnEarlierAcknowledgedWriteIsStale() {
        var stale = Self.history
        stale[3].observed = .ledger(["t2"])
        let final = DrillFinalState(regions: [.primary: Self.region(), .secondary: Self.region()])
        #expect(Self.failing(stale, final) == ["no-stale-read"])
        // A read that began before the acknowledgement may miss it.
        var concurrent = stale
        concurrent[3].start = 4 * Self.ms
        #expect(Self.failing(concurrent, final).isEmpty)
        var staleUsers = Self.history
        staleUsers[4].observed = .users([])
        #expect(Self.failing(staleUsers, final) == ["no-stale-read"])
    }

    @Test func aFullUsersPageOnlyVouchesForUsersNewerThanItsOldestRow() {
        let page = (0..<DrillInvariants.listLimit).map { i in
            DrillUserRow(email: "n\(i)@x", createdAt: "2026-12-02T10:00:01.\(String(format: "%06d", 999_999 - i))")
        }
        let old = Self.record(Self.users, .createUser(name: "O", email: "old@x"), 0, 1, created: "2026-12-02T10:00:00")
        let new = Self.record(Self.users, .createUser(name: "N", email: "new@x"), 0, 1, created: "2026-12-02T10:00:02")
        let read = Self.record(Self.users, .listUsers, 5, 6, observed: .users(page))
        let final = DrillFinalState(regions: [.primary: Self.region(emails: ["old@x", "new@x"]), .secondary: Self.region(emails: ["old@x", "new@x"])])
        #expect(Self.failing([old, read], final).isEmpty, "older than the page: not listed, not stale")
        #expect(Self.failing([new, read], final) == ["no-stale-read"], "newer than the page's oldest row: must be listed")
        #expect(DrillUserRow.sortKey("2026-12-02T10:00:00") < DrillUserRow.sortKey("2026-12-02T10:00:00.000001"))
        #expect(DrillUserRow.sortKey("2026-12-02T10:00:00.5Z") == "2026-12-02T10:00:00.500000")
    }

    @Test func regionsMustEndIdenticalAndReadable() {
        let differ = DrillFinalState(regions: [.primary: Self.region(), .secondary: Self.region(hash: "other")])
        #expect(Self.failing(Self.history, differ) == ["regions-identical"])
        let unread = DrillFinalState(regions: [.primary: Self.region()])
        #expect(Self.failing(Self.history, unread) == ["acknowledged-writes-kept", "bank-total", "regions-identical"])
    }

    @Test func theReportTimesKillsAndFailoversAndCountsPerRegion() throws {
        let fixture = DrillFixture(name: "t", durationMs: 1000, steps: [
            DrillStepTemplate(.at(DrillTimeRange(100)), .kill(.role(.primary), modes: [.refuse])),
            DrillStepTemplate(.at(DrillTimeRange(600)), .restore(.role(.primary))),
        ])
        let schedule = DrillSchedule(fixture, seed: 1)
        let start: UInt64 = 1_000 * Self.ms
        let runs = [
            DrillStepRun(step: schedule.steps[0], executedAtMs: 101, leaderBefore: .primary, result: "killed (refuse)"),
            DrillStepRun(step: schedule.steps[1], executedAtMs: 600, leaderBefore: .secondary, result: "up"),
        ]
        func at(_ t: UInt64) -> UInt64 { (start / Self.ms) + t }
        let records = [
            Self.record(DrillClient(region: .secondary, kind: .bank), .transfer(id: "x", from: 0, to: 1, amount: 1), at(90), at(300)),
            Self.record(DrillClient(region: .secondary, kind: .bank), .transfer(id: "y", from: 0, to: 1, amount: 1), at(150), at(640)),
            Self.record(DrillClient(region: .primary, kind: .users), .createUser(name: "p", email: "p@x"), at(120), at(121), .failed("refused")),
            Self.record(DrillClient(region: .primary, kind: .users), .listUsers, at(130), at(2130), .unknown("timed out")),
        ]
        let switches = [FailoverState.Switch(to: .secondary, at: start + 800 * Self.ms), FailoverState.Switch(to: .primary, at: start + 1400 * Self.ms)]
        let final = DrillFinalState(regions: [.primary: Self.region(), .secondary: Self.region()])
        let report = DrillReport(
            schedule: schedule, names: .defaults, steps: runs, records: records, switches: switches, start: start, final: final,
            invariants: DrillInvariants.check(records, final: final, mix: Self.mix))
        let secondary = try #require(report.counts[.secondary])
        #expect(secondary.ok == 2 && secondary.committed == 2 && secondary.total == 2)
        // Commit latencies 210 and 490 ms: the nearest-rank median of two is the upper one.
        #expect(secondary.commitP50Ms == 490 && secondary.commitP99Ms == 490)
        #expect(report.counts[.primary]?.failed == 1 && report.counts[.primary]?.unknown == 1)
        // Only an operation started after the kill counts: y, started at 150 ms, ended at 640 ms.
        let kill = try #require(report.kills.first)
        #expect(report.kills.count == 1 && kill.region == .primary && kill.atMs == 101 && kill.leaderBefore == .primary)
        #expect(kill.survivorFirstCommitMs == 539 && kill.survivor == .secondary)
        #expect(report.switches.map(\.afterStepMs) == [699, 800])
        #expect(report.switches.map(\.afterStep) == ["kill us-east-1 (refuse)", "restore us-east-1"])
        let json = try #require(JSONSerialization.jsonObject(with: Data(report.json.utf8)) as? [String: Any])
        #expect(json["drill"] as? String == "t" && json["seed"] as? Int == 1)
        let global = try #require(json["global_endpoint"] as? [String: Any])
        #expect(global["failover_ms"] as? [Int] == [699] && global["failback_ms"] as? [Int] == [800])
        let operations = try #require(json["operations"] as? [String: [String: Any]])
        #expect(operations["us-east-2"]?["committed"] as? Int == 2 && operations["us-east-1"]?["unknown"] as? Int == 1)
        #expect(operations["us-east-2"]?["commit_p50_ms"] as? Double == 490, "\(operations)")
        #expect(operations["us-east-1"]?["commit_p50_ms"] is NSNull, "no commit there")
        #expect(report.summaryLines.contains("kill us-east-1 at +0.101 s: us-east-2 committed after 539 ms"), "\(report.summaryLines)")
    }
}
