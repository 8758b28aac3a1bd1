import Determinism
import Replication

/// One client of a drill's workload: a bank client on a data region's SQL endpoint, or a users
/// client on its API.
public struct DrillClient: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Bank transfers and ledger reads through the region's DSQL endpoint.
        case bank
        /// `POST /users` and `GET /users` through the region's API.
        case users
    }

    public var region: NodeID
    public var kind: Kind

    public init(region: NodeID, kind: Kind) {
        self.region = region
        self.kind = kind
    }

    /// Every client of a drill, in a fixed order (each draws from its own stream).
    public static let all: [DrillClient] = NodeID.dataRegions.flatMap { r in Kind.allCases.map { DrillClient(region: r, kind: $0) } }

    public var description: String { "\(region)-\(kind.rawValue)" }
}

/// One operation of the workload, with every value drawn.
public enum DrillOperation: Sendable, Hashable {
    /// Move `amount` from one account to another and record it in the ledger under `id`, in one
    /// transaction.
    case transfer(id: String, from: Int, to: Int, amount: Int)
    /// Read every ledger id.
    case readLedger
    /// `POST /users` with a fresh email.
    case createUser(name: String, email: String)
    /// `GET /users` (the newest 100).
    case listUsers

    /// True for the operations that write.
    public var isWrite: Bool {
        switch self {
        case .transfer, .createUser: true
        case .readLedger, .listUsers: false
        }
    }

    /// `transfer`, `read-ledger`, `create-user`, `list-users`.
    public var kind: String {
        switch self {
        case .transfer: "transfer"
        case .readLedger: "read-ledger"
        case .createUser: "create-user"
        case .listUsers: "list-users"
        }
    }
}

/// The seeded operation streams of a drill's clients. A pure value: the same seed gives every
/// client the same operations in the same order, whatever the run's timing (timing decides only
/// how many of them run and how they end).
public struct DrillWorkload: Sendable {
    /// One client's generator and how many operations it has drawn.
    struct Stream: Sendable {
        var rng: SeededGenerator
        var count = 0
    }

    public let mix: DrillWorkloadMix
    private var streams: [DrillClient: Stream] = [:]

    public init(seed: UInt64, mix: DrillWorkloadMix) {
        self.mix = mix
        var root = SeededGenerator(seed: seed)
        for client in DrillClient.all { streams[client] = Stream(rng: root.fork()) }
    }

    /// The client's next operation.
    public mutating func next(for client: DrillClient) -> DrillOperation {
        var stream = streams[client] ?? Stream(rng: SeededGenerator(seed: 0))
        stream.count += 1
        defer { streams[client] = stream }
        let tag = "\(client.region)-\(stream.count)"
        switch client.kind {
        case .bank:
            guard stream.rng.chance(mix.transferShare) else { return .readLedger }
            let from = Int(stream.rng.next() % UInt64(mix.accounts))
            var to = Int(stream.rng.next() % UInt64(mix.accounts - 1))
            if to >= from { to += 1 }
            let amount = 1 + Int(stream.rng.next() % 50)
            return .transfer(id: "t-\(tag)", from: from, to: to, amount: amount)
        case .users:
            guard stream.rng.chance(mix.createShare) else { return .listUsers }
            return .createUser(name: "Drill \(tag)", email: "drill-\(tag)-\(stream.rng.next() % 1_000_000)@example.com")
        }
    }
}
