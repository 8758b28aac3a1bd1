import CSQLite

/// Operations on session-extension changeset blobs: invert, concatenate, apply and list.
///
/// Changesets are plain bytes (`[UInt8]`) so that they can cross threads and go into the
/// replicated log. Applying uses a conflict handler that aborts on any conflict: for replication
/// every conflict means the replicas diverged, and nothing may be skipped or overwritten.
public enum SQLiteChangeset {
    /// The inverse changeset: applying it undoes `changeset` (`sqlite3changeset_invert`).
    public static func invert(_ changeset: [UInt8]) throws(SQLiteError) -> [UInt8] {
        if changeset.isEmpty { return [] }
        var size: Int32 = 0
        var out: UnsafeMutableRawPointer?
        let rc = changeset.withUnsafeBytes {
            sqlite3changeset_invert(Int32($0.count), $0.baseAddress, &size, &out)
        }
        defer { sqlite3_free(out) }
        guard rc == SQLITE_OK else { throw SQLiteError.code(rc, "sqlite3changeset_invert") }
        guard let out, size > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: out, count: Int(size)))
    }

    /// `a` followed by `b` as one changeset (`sqlite3changeset_concat`).
    public static func concat(_ a: [UInt8], _ b: [UInt8]) throws(SQLiteError) -> [UInt8] {
        if a.isEmpty { return b }
        if b.isEmpty { return a }
        var size: Int32 = 0
        var out: UnsafeMutableRawPointer?
        let rc = a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in
                sqlite3changeset_concat(Int32(pa.count), UnsafeMutableRawPointer(mutating: pa.baseAddress),
                                        Int32(pb.count), UnsafeMutableRawPointer(mutating: pb.baseAddress),
                                        &size, &out)
            }
        }
        defer { sqlite3_free(out) }
        guard rc == SQLITE_OK else { throw SQLiteError.code(rc, "sqlite3changeset_concat") }
        guard let out, size > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: out, count: Int(size)))
    }

    /// Applies `changeset` to `connection` without a savepoint of its own
    /// (`SQLITE_CHANGESETAPPLY_NOSAVEPOINT`): the caller wraps it in its own transaction and rolls
    /// that back on failure. Any conflict aborts the apply and is reported as
    /// `ChangesetApplyError.conflict`; `invert` applies the inverse instead.
    public static func apply(
        _ changeset: [UInt8], to connection: SQLiteConnection, invert: Bool = false
    ) throws(ChangesetApplyError) {
        if changeset.isEmpty { return }
        let recorder = ConflictRecorder()
        let context = Unmanaged.passRetained(recorder)
        defer { context.release() }
        var flags = SQLITE_CHANGESETAPPLY_NOSAVEPOINT
        if invert { flags |= SQLITE_CHANGESETAPPLY_INVERT }
        let rc = changeset.withUnsafeBytes { bytes in
            sqlite3changeset_apply_v2(
                connection.db, Int32(bytes.count), UnsafeMutableRawPointer(mutating: bytes.baseAddress),
                nil, abortOnConflict, context.toOpaque(), nil, nil, flags)
        }
        if let conflict = recorder.conflict { throw .conflict(conflict) }
        if rc != SQLITE_OK { throw .sqlite(SQLiteError(handle: connection.db, code: rc)) }
    }

    /// The changes in `changeset`, in order, with their old and new values.
    public static func changes(_ changeset: [UInt8]) throws(SQLiteError) -> [ChangesetChange] {
        if changeset.isEmpty { return [] }
        var result: [ChangesetChange] = []
        try forEach(changeset) { result.append($0) }
        return result
    }

    /// Calls `body` with each change of `changeset`, in order.
    public static func forEach(
        _ changeset: [UInt8], _ body: (ChangesetChange) -> Void
    ) throws(SQLiteError) {
        if changeset.isEmpty { return }
        let rc: Int32 = changeset.withUnsafeBytes { bytes in
            var iter: OpaquePointer?
            var rc = sqlite3changeset_start(&iter, Int32(bytes.count), UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            guard rc == SQLITE_OK else { return rc }
            while sqlite3changeset_next(iter) == SQLITE_ROW {
                body(ChangesetChange(iterator: iter, withValues: true))
            }
            rc = sqlite3changeset_finalize(iter)
            return rc
        }
        if rc != SQLITE_OK { throw SQLiteError.code(rc, "changeset iteration") }
    }

    /// The number of changed rows in `changeset` (without decoding values).
    public static func rowCount(_ changeset: [UInt8]) throws(SQLiteError) -> Int {
        if changeset.isEmpty { return 0 }
        var count = 0
        let rc: Int32 = changeset.withUnsafeBytes { bytes in
            var iter: OpaquePointer?
            let rc = sqlite3changeset_start(&iter, Int32(bytes.count), UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            guard rc == SQLITE_OK else { return rc }
            while sqlite3changeset_next(iter) == SQLITE_ROW { count += 1 }
            return sqlite3changeset_finalize(iter)
        }
        if rc != SQLITE_OK { throw SQLiteError.code(rc, "changeset iteration") }
        return count
    }
}

/// Why applying a changeset failed: a conflict (divergence) or an SQLite error.
public enum ChangesetApplyError: Error, Sendable, Hashable {
    case conflict(ChangesetConflict)
    case sqlite(SQLiteError)
}

/// A conflict met while applying a changeset: its kind and the change that hit it.
public struct ChangesetConflict: Sendable, Hashable, CustomStringConvertible {
    /// The kind of conflict, as SQLite names them.
    public enum Kind: String, Sendable, Hashable {
        case data, notFound, conflict, constraint, foreignKey, unknown
    }
    public var kind: Kind
    /// The change being applied (values decoded); nil for a foreign-key conflict.
    public var change: ChangesetChange?

    public var description: String {
        guard let change else { return "\(kind) conflict" }
        return "\(kind) conflict on \(change.operation) \(change.table) key \(change.primaryKey)"
    }
}

/// Collects the first conflict seen by `abortOnConflict`.
private final class ConflictRecorder {
    var conflict: ChangesetConflict?
}

/// The conflict handler: record the conflict, then abort the apply.
private let abortOnConflict: @convention(c) (UnsafeMutableRawPointer?, Int32, OpaquePointer?) -> Int32 = {
    context, kind, iter in
    guard let context else { return SQLITE_CHANGESET_ABORT }
    let recorder = Unmanaged<ConflictRecorder>.fromOpaque(context).takeUnretainedValue()
    let conflictKind: ChangesetConflict.Kind
    switch kind {
    case SQLITE_CHANGESET_DATA: conflictKind = .data
    case SQLITE_CHANGESET_NOTFOUND: conflictKind = .notFound
    case SQLITE_CHANGESET_CONFLICT: conflictKind = .conflict
    case SQLITE_CHANGESET_CONSTRAINT: conflictKind = .constraint
    case SQLITE_CHANGESET_FOREIGN_KEY: conflictKind = .foreignKey
    default: conflictKind = .unknown
    }
    if recorder.conflict == nil {
        let change = conflictKind == .foreignKey ? nil : ChangesetChange(iterator: iter, withValues: true)
        recorder.conflict = ChangesetConflict(kind: conflictKind, change: change)
    }
    return SQLITE_CHANGESET_ABORT
}
