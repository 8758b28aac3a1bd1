import DSQLDialect
import Foundation
import RegionStorage
import Replication

/// Schema log entries: the DDL replayed against the region's catalog and checked against the
/// region's data, on the store's thread.
extension RegionApplier {
    /// The store entry for a schema log entry: the DDL replayed against the region's catalog and
    /// validated against the current data. A DDL that no longer applies is a no-op, and an index
    /// build that fails (a unique index over duplicates) records a failed `sys.jobs` row; both
    /// are decided from state every region shares, so regions stay identical. Runs on the
    /// store's thread (`store` is the region's store).
    static func schemaEntry(
        _ index: UInt64, _ change: ClusterLogPayload.SchemaChange, runtime: RegionRuntime, store: RegionStore
    ) -> StoreEntry {
        let catalog = runtime.latestCatalog
        guard let app = try? catalog.applying(sql: change.sql, context: change.context), app.catalog != catalog else {
            return StoreEntry(index: index, payload: .noop)
        }
        for statement in app.sqlite where !statement.hasPrefix("INSERT INTO") {
            do {
                _ = try store.execute(statement, [], at: store.appliedIndex, own: [])
            } catch {
                guard let built = app.catalog.indexes.values.first(where: { $0.jobID == change.context.jobID && !$0.jobID.isEmpty })
                else { return StoreEntry(index: index, payload: .noop) }
                let details = built.unique
                    ? "could not create unique index \"\(built.name)\": duplicate key values exist"
                    : "could not create index \"\(built.name)\": \(error.dsqlError.message)"
                let ts = SQLText.string(PGDateTime.format(change.context.timestamp, zone: true))
                // Still a schema entry for the store (statements before it get OC001): record
                // the unchanged catalog at its index so sessions find a version for it.
                runtime.recordCatalog(catalog, at: index)
                return .schema(index, Catalog.bootstrapSQL + [
                    "INSERT OR REPLACE INTO \(SQLText.ident(Catalog.jobsTable)) VALUES (\(SQLText.string(change.context.jobID)), "
                        + "'failed', \(SQLText.string(details)), 'INDEX_BUILD', NULL, NULL, "
                        + "\(SQLText.string("public." + built.name)), \(ts), \(ts))",
                ])
            }
        }
        runtime.recordCatalog(app.catalog, at: index)
        return .schema(index, Catalog.bootstrapSQL + app.sqlite + RegionRuntime.persistStatements(app.catalog))
    }
}
