import DSQLDialect
import Foundation
import Replication

/// The bytes a DSQL log entry carries, versioned so that a later format can coexist.
///
/// It exists because the replicated log only knows opaque payloads: a transaction entry carries
/// its session-extension changeset, a schema entry carries the PostgreSQL DDL text and the
/// inputs (`DDLContext`) that make applying it deterministic in every region. Each region replays
/// the DDL against its own catalog in log order, so concurrent DDL on different tables composes.
public enum ClusterLogPayload: Sendable, Hashable {
    /// Row changes of one transaction (may be empty for a FOR UPDATE-only transaction).
    case changeset([UInt8])
    /// One DDL statement and its deterministic context.
    case schema(SchemaChange)

    /// Format version byte written first.
    public static let version: UInt8 = 1

    /// A DDL statement as replicated.
    public struct SchemaChange: Sendable, Hashable, Codable {
        /// The PostgreSQL-dialect DDL text, exactly as the client sent it.
        public var sql: String
        public var context: DDLContext

        public init(sql: String, context: DDLContext) {
            self.sql = sql
            self.context = context
        }
    }

    /// The encoded bytes: version, then the changeset or the schema change as JSON.
    public func encoded() -> [UInt8] {
        switch self {
        case .changeset(let bytes):
            return [Self.version] + bytes
        case .schema(let change):
            let json = (try? JSONEncoder().encode(change)) ?? Data()
            return [Self.version] + Array(json)
        }
    }

    /// Decodes a log entry's payload; nil when the version or contents are unknown.
    public static func decode(kind: EntryKind, _ bytes: [UInt8]) -> ClusterLogPayload? {
        switch kind {
        case .noop: return nil
        case .transaction:
            guard bytes.first == version else { return nil }
            return .changeset(Array(bytes.dropFirst()))
        case .schema:
            guard bytes.first == version,
                  let change = try? JSONDecoder().decode(SchemaChange.self, from: Data(bytes.dropFirst()))
            else { return nil }
            return .schema(change)
        }
    }
}
