import CSQLite

/// A session-extension object (`sqlite3_session*`) that records row changes on a connection.
///
/// A session records the net effect of INSERT, UPDATE and DELETE on the tables it is attached to
/// (tables with a primary key only); `changeset()` returns those changes as a changeset blob that
/// can be applied elsewhere, inverted or iterated (`SQLiteChangeset`). Thread-confined like its
/// connection; delete it (or let it deinit) before closing the connection.
///
/// Sessions keep their list in the connection's single pre-update hook slot, so never create or
/// delete one while a `ChangeTracker` is recording on the same connection (and vice versa).
public final class SQLiteSession {
    private var handle: OpaquePointer?

    /// Creates a session on `schema` (usually "main") of `connection`.
    public init(_ connection: SQLiteConnection, schema: String = "main") throws(SQLiteError) {
        var session: OpaquePointer?
        let rc = sqlite3session_create(connection.db, schema, &session)
        guard rc == SQLITE_OK, let session else { throw SQLiteError(handle: connection.db, code: rc) }
        handle = session
    }

    deinit { delete() }

    /// Attaches one table, or every table when `table` is nil (including tables created later).
    public func attach(_ table: String? = nil) throws(SQLiteError) {
        let rc = sqlite3session_attach(handle, table)
        if rc != SQLITE_OK { throw SQLiteError.code(rc, "sqlite3session_attach") }
    }

    /// True when no change has been recorded.
    public var isEmpty: Bool { sqlite3session_isempty(handle) != 0 }

    /// The recorded changes as a changeset blob (empty when nothing changed).
    public func changeset() throws(SQLiteError) -> [UInt8] {
        var size: Int32 = 0
        var buffer: UnsafeMutableRawPointer?
        let rc = sqlite3session_changeset(handle, &size, &buffer)
        defer { sqlite3_free(buffer) }
        guard rc == SQLITE_OK else { throw SQLiteError.code(rc, "sqlite3session_changeset") }
        guard let buffer, size > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: buffer, count: Int(size)))
    }

    /// Deletes the session. Idempotent.
    public func delete() {
        if let handle { sqlite3session_delete(handle) }
        handle = nil
    }
}
