import Chaos
import DSQL
import DSQLClient
import Replication
import Synchronization

extension DrillRun {
    /// After the closing heal: waits (bounded) for the global endpoint to fail back and for both
    /// data regions to have applied everything committed.
    func settle() async {
        if let checks = runtime.route53HealthChecks {
            let limit = ContinuousClock.now + .seconds(5)
            while checks.record != .primary, ContinuousClock.now < limit { try? await Task.sleep(for: .milliseconds(20)) }
        }
        let cluster = self.cluster
        _ = await DrillRunner.within(.seconds(10)) { try await cluster.waitForConvergence() }
    }

    /// The sabotage, through the SQL path of the primary (both regions agree on it).
    func inflict(_ sabotage: DrillSabotage) async throws {
        let session = try cluster.connect(region: .primary)
        switch sabotage {
        case .loseAcknowledgedWrite:
            let email = records.withLock { list in
                list.lazy.compactMap { r -> String? in
                    guard r.outcome == .ok, case .createUser(_, let email) = r.operation else { return nil }
                    return email
                }.first
            }
            guard let email else { throw DrillError("sabotage: no user creation was acknowledged to lose") }
            try await Self.retrying { _ = try await session.execute("DELETE FROM users WHERE email = $1", [.text(email)]) }
        case .skimTheBank:
            try await Self.retrying { _ = try await session.execute("UPDATE drill_bank SET balance = balance - 1 WHERE id = 0") }
        }
        log("sabotage: \(sabotage.rawValue)")
        let cluster = self.cluster
        _ = await DrillRunner.within(.seconds(10)) { try await cluster.waitForConvergence() }
    }

    /// Each data region's bank, ledger, users and content hash (a region that cannot be read
    /// within 10 s is left out, which fails the checks).
    func readFinalState() async -> DrillFinalState {
        var regions: [NodeID: DrillFinalState.Region] = [:]
        for region in NodeID.dataRegions {
            guard let session = try? cluster.connect(region: region) else { continue }
            var state: DrillFinalState.Region?
            let limit = ContinuousClock.now + .seconds(10)
            while state == nil, ContinuousClock.now < limit {
                state = try? await Self.read(session, cluster: cluster, region: region)
                if state == nil { try? await Task.sleep(for: .milliseconds(50)) }
            }
            regions[region] = state
        }
        return DrillFinalState(regions: regions)
    }

    static func read(_ session: DSQLSession, cluster: DSQLCluster, region: NodeID) async throws(DSQLError) -> DrillFinalState.Region {
        // One transaction: the three tables at one snapshot.
        let (bank, ledger, users) = try await session.transaction(maxAttempts: 1) { tx throws(DSQLError) in
            (try await tx.execute("SELECT id, balance FROM drill_bank"),
             try await tx.execute("SELECT id, src, dst, amount FROM drill_ledger"),
             try await tx.execute("SELECT email FROM users"))
        }
        var balances: [Int: Int] = [:]
        for row in bank.rows { if let id = row[0].flatMap({ Int($0) }), let b = row[1].flatMap({ Int($0) }) { balances[id] = b } }
        let entries = ledger.rows.compactMap { row -> DrillLedgerEntry? in
            guard let id = row[0], let from = row[1].flatMap({ Int($0) }), let to = row[2].flatMap({ Int($0) }),
                let amount = row[3].flatMap({ Int($0) })
            else { return nil }
            return DrillLedgerEntry(id: id, from: from, to: to, amount: amount)
        }
        let emails = Set(users.rows.compactMap { $0[0] })
        let hash = try await cluster.contentHash(region)
        return DrillFinalState.Region(balances: balances, ledger: entries, emails: emails, contentHash: hash)
    }
}
