import Replication

/// How one operation ended, as its client saw it.
public enum DrillOutcome: Sendable, Equatable {
    /// Acknowledged: a commit, a 201, a read's answer.
    case ok
    /// Refused for certain (connection refused, a conflict, a 4xx): nothing happened.
    case failed(String)
    /// No telling (a timeout, a dropped connection, 08007, a 5xx after the write was tried):
    /// it may or may not have happened.
    case unknown(String)

    /// `ok`, `failed` or `unknown`.
    public var name: String {
        switch self {
        case .ok: "ok"
        case .failed: "failed"
        case .unknown: "unknown"
        }
    }
}

/// A user row as a read returned it: the email and `created_at` in a sortable form.
public struct DrillUserRow: Sendable, Equatable {
    public var email: String
    /// `DrillUserRow.sortKey` of the row's `created_at`.
    public var created: String

    public init(email: String, createdAt: String) {
        self.email = email
        created = Self.sortKey(createdAt)
    }

    /// `created_at` as Python's `isoformat()` prints it leaves the microseconds out when they
    /// are zero; padding them makes the texts sort as the times do.
    public static func sortKey(_ text: String) -> String {
        var t = text.hasSuffix("Z") ? String(text.dropLast()) : text
        t = t.replacingOccurrences(of: " ", with: "T")
        guard let dot = t.firstIndex(of: ".") else { return t + ".000000" }
        let fraction = t[t.index(after: dot)...]
        return String(t[..<dot]) + "." + fraction.prefix(6) + String(repeating: "0", count: max(0, 6 - fraction.count))
    }
}

/// What a read saw.
public enum DrillObservation: Sendable, Equatable {
    /// Every ledger id.
    case ledger(Set<String>)
    /// The newest users (at most `DrillInvariants.listLimit`), newest first.
    case users([DrillUserRow])
}

/// One operation of a drill as it ran: who, what, when (monotonic nanoseconds), how it ended.
public struct DrillRecord: Sendable, Equatable {
    public var client: DrillClient
    public var operation: DrillOperation
    public var start: UInt64
    public var end: UInt64
    public var outcome: DrillOutcome
    /// What a read returned (ok reads only).
    public var observed: DrillObservation?
    /// The `created_at` sort key of a created user (ok creations that returned one).
    public var created: String?

    public init(client: DrillClient, operation: DrillOperation, start: UInt64, end: UInt64, outcome: DrillOutcome,
                observed: DrillObservation? = nil, created: String? = nil) {
        self.client = client
        self.operation = operation
        self.start = start
        self.end = end
        self.outcome = outcome
        self.observed = observed
        self.created = created
    }
}

/// A ledger row: one committed transfer.
public struct DrillLedgerEntry: Sendable, Equatable {
    public var id: String
    public var from: Int
    public var to: Int
    public var amount: Int

    public init(id: String, from: Int, to: Int, amount: Int) {
        self.id = id
        self.from = from
        self.to = to
        self.amount = amount
    }
}

/// What each data region holds once the drill has healed and converged.
public struct DrillFinalState: Sendable, Equatable {
    public struct Region: Sendable, Equatable {
        /// Account -> balance.
        public var balances: [Int: Int]
        public var ledger: [DrillLedgerEntry]
        public var emails: Set<String>
        public var contentHash: String

        public init(balances: [Int: Int], ledger: [DrillLedgerEntry], emails: Set<String>, contentHash: String) {
            self.balances = balances
            self.ledger = ledger
            self.emails = emails
            self.contentHash = contentHash
        }
    }

    /// By data region; a region the drill could not read is missing (and fails the checks).
    public var regions: [NodeID: Region]

    public init(regions: [NodeID: Region]) { self.regions = regions }
}
