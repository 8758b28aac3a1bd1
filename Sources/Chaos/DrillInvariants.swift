import Replication

/// One invariant's verdict: its name, whether it held, and what broke it (or what was checked).
public struct DrillInvariant: Sendable, Equatable {
    public var name: String
    public var holds: Bool
    public var detail: String

    public init(name: String, holds: Bool, detail: String) {
        self.name = name
        self.holds = holds
        self.detail = detail
    }
}

/// The drill's invariants over its history and the regions' final state, as a pure function.
///
/// - `acknowledged-writes-kept`: every acknowledged transfer is in each region's ledger and every
///   acknowledged user in each region's users table.
/// - `bank-total`: each region's balances add up to the opening total and match its ledger.
/// - `no-stale-read`: no read misses a write acknowledged before the read began (ledger reads see
///   every such transfer; a `GET /users` page, newest first, holds every such user newer than
///   its oldest row, or all of them when the page is not full).
/// - `regions-identical`: both data regions end with the same content hash.
public enum DrillInvariants {
    /// `GET /users` answers the newest 100 (the seed's `LIMIT 100`).
    public static let listLimit = 100
    /// At most this many examples per broken invariant.
    static let examples = 5

    public static func check(_ records: [DrillRecord], final: DrillFinalState, mix: DrillWorkloadMix) -> [DrillInvariant] {
        [writesKept(records, final), bankTotal(final, mix), noStaleRead(records), identical(final)]
    }

    static func writesKept(_ records: [DrillRecord], _ final: DrillFinalState) -> DrillInvariant {
        var transfers: [String] = [], emails: [String] = []
        for r in records where r.outcome == .ok {
            if case .transfer(let id, _, _, _) = r.operation { transfers.append(id) }
            if case .createUser(_, let email) = r.operation { emails.append(email) }
        }
        var problems: [String] = []
        for region in NodeID.dataRegions {
            guard let state = final.regions[region] else {
                problems.append("\(region): its final state could not be read")
                continue
            }
            let ledger = Set(state.ledger.map(\.id))
            let lostTransfers = transfers.filter { !ledger.contains($0) }
            let lostUsers = emails.filter { !state.emails.contains($0) }
            if !lostTransfers.isEmpty {
                problems.append("\(region) lost \(lostTransfers.count) acknowledged transfers: \(lostTransfers.prefix(examples).joined(separator: ", "))")
            }
            if !lostUsers.isEmpty {
                problems.append("\(region) lost \(lostUsers.count) acknowledged users: \(lostUsers.prefix(examples).joined(separator: ", "))")
            }
        }
        return DrillInvariant(
            name: "acknowledged-writes-kept", holds: problems.isEmpty,
            detail: problems.isEmpty ? "\(transfers.count) acknowledged transfers and \(emails.count) users kept in both regions"
                : problems.joined(separator: "; "))
    }

    static func bankTotal(_ final: DrillFinalState, _ mix: DrillWorkloadMix) -> DrillInvariant {
        var problems: [String] = []
        for region in NodeID.dataRegions {
            guard let state = final.regions[region] else {
                problems.append("\(region): its final state could not be read")
                continue
            }
            let total = state.balances.values.reduce(0, +)
            if total != mix.total || state.balances.count != mix.accounts {
                problems.append("\(region): \(state.balances.count) accounts hold \(total), expected \(mix.accounts) holding \(mix.total)")
            }
            var expected = Dictionary(uniqueKeysWithValues: (0..<mix.accounts).map { ($0, mix.initialBalance) })
            for e in state.ledger {
                expected[e.from, default: 0] -= e.amount
                expected[e.to, default: 0] += e.amount
            }
            let off = expected.keys.sorted().filter { expected[$0] != state.balances[$0] }
            if !off.isEmpty {
                problems.append("\(region): balances differ from the ledger for accounts "
                    + off.prefix(examples).map { "\($0) (\(state.balances[$0].map(String.init) ?? "missing") vs \(expected[$0]!))" }
                        .joined(separator: ", "))
            }
        }
        return DrillInvariant(
            name: "bank-total", holds: problems.isEmpty,
            detail: problems.isEmpty ? "\(mix.accounts) accounts hold \(mix.total) in both regions, matching the ledger"
                : problems.joined(separator: "; "))
    }

    static func noStaleRead(_ records: [DrillRecord]) -> DrillInvariant {
        let transfers = records.compactMap { r -> (end: UInt64, id: String)? in
            guard r.outcome == .ok, case .transfer(let id, _, _, _) = r.operation else { return nil }
            return (r.end, id)
        }.sorted { $0.end < $1.end }
        let users = records.compactMap { r -> (end: UInt64, email: String, created: String?)? in
            guard r.outcome == .ok, case .createUser(_, let email) = r.operation else { return nil }
            return (r.end, email, r.created)
        }.sorted { $0.end < $1.end }
        var stale: [String] = []
        var reads = 0
        for r in records where r.outcome == .ok {
            switch r.observed {
            case .ledger(let seen):
                reads += 1
                for t in transfers {
                    guard t.end < r.start else { break }
                    if !seen.contains(t.id) {
                        stale.append("\(r.client) read the ledger without \(t.id), acknowledged \(Self.ms(r.start - t.end)) before the read began")
                        break
                    }
                }
            case .users(let rows):
                reads += 1
                let listed = Set(rows.map(\.email))
                let cutoff = rows.count < listLimit ? nil : rows.map(\.created).min()
                for u in users {
                    guard u.end < r.start else { break }
                    guard !listed.contains(u.email) else { continue }
                    // A full page shows only users newer than its oldest row.
                    if let cutoff {
                        guard let created = u.created, created > cutoff else { continue }
                    }
                    stale.append("\(r.client) listed users without \(u.email), acknowledged \(Self.ms(r.start - u.end)) before the read began")
                    break
                }
            case nil:
                break
            }
        }
        return DrillInvariant(
            name: "no-stale-read", holds: stale.isEmpty,
            detail: stale.isEmpty ? "\(reads) reads saw every write acknowledged before they began"
                : "\(stale.count) stale reads: " + stale.prefix(examples).joined(separator: "; "))
    }

    static func identical(_ final: DrillFinalState) -> DrillInvariant {
        let hashes = NodeID.dataRegions.map { final.regions[$0]?.contentHash }
        let holds = hashes.allSatisfy { $0 != nil } && Set(hashes).count == 1
        return DrillInvariant(
            name: "regions-identical", holds: holds,
            detail: holds ? "content hash \(hashes[0]!.prefix(16)) in both regions"
                : "content hashes differ: " + zip(NodeID.dataRegions, hashes).map { "\($0): \($1 ?? "unread")" }.joined(separator: ", "))
    }

    static func ms(_ nanos: UInt64) -> String { "\(nanos / 1_000_000) ms" }
}
