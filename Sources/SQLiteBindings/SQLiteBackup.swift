import CSQLite

/// Online copies between SQLite databases with the backup API (`sqlite3_backup_*`).
///
/// Used to ship a whole region database to a lagging region: the copy is a consistent snapshot
/// of the source, and it carries every table, including the store's metadata (applied index).
public enum SQLiteBackup {
    /// Copies the `main` database of `source` over the `main` database of `destination`.
    public static func copy(from source: SQLiteConnection, to destination: SQLiteConnection) throws(SQLiteError) {
        guard let backup = sqlite3_backup_init(destination.db, "main", source.db, "main") else {
            throw destination.lastError()
        }
        var rc: Int32
        repeat {
            rc = sqlite3_backup_step(backup, -1)
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        if rc != SQLITE_DONE { throw SQLiteError.code(rc, "sqlite3_backup_step") }
        if finish != SQLITE_OK { throw SQLiteError(handle: destination.db, code: finish) }
    }
}
