import DSQLClient
import DSQLDialect
import Foundation
import RegionStorage
import Replication
import Synchronization

/// One data region of a `DSQLCluster`: its SQLite store, the dialect functions installed on it,
/// and the catalog versions the region has applied.
///
/// It exists so that sessions can pick the catalog that matches their snapshot: the applier
/// records a catalog version for a schema entry before the store applies it, and a session at
/// snapshot `s` uses the newest version at an index <= `s`.
final class RegionRuntime: Sendable {
    /// SQLite table holding the region's catalog as JSON (written by every schema entry).
    static let catalogTable = "__rs_catalog"

    let node: NodeID
    let db: RegionDatabase
    /// Per-connection values the dialect's SQLite functions read (`now()`).
    let functions: DialectConnectionState
    /// Catalog versions, ascending by the log index that introduced them.
    private let catalogs: Mutex<[(index: UInt64, catalog: Catalog)]>
    /// Parsed statements by SQL text, and prepared non-DDL statements by catalog version and text.
    private let parsed = Mutex<[String: Statement]>([:])
    private let prepared = Mutex<[String: PreparedStatement]>([:])
    static let cacheLimit = 512

    init(node: NodeID, db: RegionDatabase, functions: DialectConnectionState, catalog: Catalog, at index: UInt64) {
        self.node = node
        self.db = db
        self.functions = functions
        catalogs = Mutex([(index, catalog)])
    }

    /// Opens the region's store, installs the dialect functions and loads the persisted catalog.
    static func open(node: NodeID, name: String, directory: String?) async throws(StoreError) -> RegionRuntime {
        let db: RegionDatabase
        if let directory {
            db = try await RegionDatabase.open(directory: directory, name: name)
        } else {
            db = try await RegionDatabase.ephemeral()
        }
        let functions = try await db.onStore { store throws(StoreError) -> DialectConnectionState in
            guard let handle = store.connection.handle else { throw .closed }
            return DialectFunctions.register(on: handle)
        }
        let catalog = await loadCatalog(db)
        return RegionRuntime(node: node, db: db, functions: functions, catalog: catalog, at: db.appliedIndex)
    }

    /// The catalog persisted in the store (empty before the first schema entry).
    static func loadCatalog(_ db: RegionDatabase) async -> Catalog {
        guard let rows = try? await db.query("SELECT json FROM \"\(catalogTable)\" WHERE id = 1"),
              case .text(let json)? = rows.rows.first?.first,
              let catalog = try? JSONDecoder().decode(Catalog.self, from: Data(json.utf8))
        else { return Catalog() }
        return catalog
    }

    /// SQLite statements that persist `catalog` (run inside the schema entry's transaction).
    static func persistStatements(_ catalog: Catalog) -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: (try? encoder.encode(catalog)) ?? Data(), as: UTF8.self)
        return [
            "CREATE TABLE IF NOT EXISTS \"\(catalogTable)\" (id INTEGER PRIMARY KEY, json TEXT NOT NULL)",
            "INSERT OR REPLACE INTO \"\(catalogTable)\" (id, json) VALUES (1, \(SQLText.string(json)))",
        ]
    }

    /// `Parser.parse`, cached by SQL text.
    func parse(_ sql: String) throws(DSQLError) -> Statement {
        if let s = parsed.withLock({ $0[sql] }) { return s }
        let s = try Parser.parse(sql)
        parsed.withLock { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[sql] = s
        }
        return s
    }

    /// `Dialect.prepare` for DML and queries, cached by catalog version and SQL text (DDL is
    /// never cached: its result depends on the DDL context).
    func prepare(_ stmt: Statement, sql: String, catalog: Catalog) throws(DSQLError) -> PreparedStatement {
        let key = "\(catalog.version)\u{0}\(sql)"
        if let p = prepared.withLock({ $0[key] }) { return p }
        let p = try Dialect.prepare(stmt, catalog: catalog)
        prepared.withLock { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[key] = p
        }
        return p
    }

    /// The catalog a statement at `snapshot` must be prepared against.
    func catalog(at snapshot: UInt64) -> Catalog { catalogVersion(at: snapshot).catalog }

    /// The catalog for `snapshot` and the log index of the schema entry that introduced it.
    func catalogVersion(at snapshot: UInt64) -> (index: UInt64, catalog: Catalog) {
        catalogs.withLock { versions in
            versions.last(where: { $0.index <= snapshot }) ?? versions[0]
        }
    }

    /// The newest catalog version (applied or about to be).
    var latestCatalog: Catalog { catalogs.withLock { $0[$0.count - 1].catalog } }

    /// Records the catalog introduced by the schema entry at `index` (keeps the last 32 versions).
    func recordCatalog(_ catalog: Catalog, at index: UInt64) {
        catalogs.withLock { versions in
            versions.removeAll { $0.index >= index }
            versions.append((index, catalog))
            if versions.count > 32 { versions.removeFirst(versions.count - 32) }
        }
    }

    /// Replaces every version (after a snapshot install).
    func resetCatalog(_ catalog: Catalog, at index: UInt64) {
        catalogs.withLock { $0 = [(index, catalog)] }
    }
}
