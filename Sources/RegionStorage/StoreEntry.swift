/// A committed log entry as a region store applies it: its log index and what it changes.
///
/// The replicated log carries more (term, write keys, origin, transaction id); the store needs only
/// the index, to keep `applied_index`, and the payload.
public struct StoreEntry: Sendable, Hashable {
    /// What an entry changes.
    public enum Payload: Sendable, Hashable {
        /// Row changes of one transaction, as a session-extension changeset.
        case changeset([UInt8])
        /// SQLite DDL statements of one schema transaction, run in order.
        case schema([String])
        /// Nothing (a leader's no-op); only `applied_index` advances.
        case noop
    }

    /// The log index, starting at 1.
    public var index: UInt64
    public var payload: Payload

    public init(index: UInt64, payload: Payload) {
        self.index = index
        self.payload = payload
    }

    public static func changeset(_ index: UInt64, _ bytes: [UInt8]) -> StoreEntry {
        StoreEntry(index: index, payload: .changeset(bytes))
    }

    public static func schema(_ index: UInt64, _ statements: [String]) -> StoreEntry {
        StoreEntry(index: index, payload: .schema(statements))
    }
}
