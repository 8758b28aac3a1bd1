import DSQL
import DSQLClient
import DSQLDialect
import PGWire
import Replication
import Synchronization

/// A PostgreSQL wire session on one DSQL region: the adapter from `PGSession` to `DSQLSession`.
///
/// It exists so the wire endpoint runs on the same session layer as the JSON SQL endpoint and
/// the users service (one SQL path): statements go to `DSQLSession.execute`, which keeps
/// BEGIN ... COMMIT open across calls. It adds what the wire needs: ReadyForQuery's status
/// (`E` after a failure inside a transaction), statement descriptions for Parse, and cancel.
final class DSQLWireSession: PGSession {
    let cluster: DSQLCluster
    let node: NodeID
    let session: DSQLSession
    let onClose: @Sendable () -> Void
    /// `failed`: an error inside the open transaction; `running`: the cancel hook of the
    /// statement in flight (nil when idle or when it cannot be cancelled).
    let state = Mutex<(failed: Bool, running: (@Sendable () -> Void)?)>((false, nil))

    init(cluster: DSQLCluster, node: NodeID, session: DSQLSession, onClose: @escaping @Sendable () -> Void) {
        self.cluster = cluster
        self.node = node
        self.session = session
        self.onClose = onClose
    }

    func execute(_ sql: String, parameters: [PGParameter]) async throws(PGError) -> PGResult {
        if sql.hasPrefix("SELECT "), let catalog = cluster.catalog(node), let answer = PSQLDescribe.answer(sql, catalog: catalog) {
            return answer
        }
        let values = parameters.map(DSQLWireTypes.value)
        let result: QueryResult
        do {
            result = try await session.execute(sql, values)
        } catch {
            if await session.inTransaction { state.withLock { $0.failed = true } }
            throw DSQLWireTypes.error(error)
        }
        return PGResult(
            columns: result.columns.map { DSQLWireTypes.column($0.name, $0.type) }, rows: result.rows,
            commandTag: result.commandTag, notices: result.notice.map { [$0] } ?? [])
    }

    func describe(_ sql: String, parameterTypes: [Int32]) async throws(PGError) -> PGDescription {
        let prepared: PreparedStatement
        do {
            prepared = try prepare(sql)
        } catch {
            // The region's catalog may lag a DDL committed a moment ago (by this session too):
            // catch up to a quorum-confirmed index, as a transaction's first read does, and retry.
            if let target = try? await cluster.replication.readIndex(at: node),
                (try? await cluster.database(node)?.waitForApplied(target)) != nil,
                let again = try? prepare(sql)
            {
                prepared = again
            } else {
                if await session.inTransaction { state.withLock { $0.failed = true } }
                throw DSQLWireTypes.error(error)
            }
        }
        var types = prepared.parameterTypes.map(DSQLWireTypes.oid)
        if types.count < prepared.parameterCount {
            types += Array(repeating: PGTypeOID.text, count: prepared.parameterCount - types.count)
        }
        for (i, t) in parameterTypes.enumerated() where i < types.count && t != 0 { types[i] = t }
        return PGDescription(parameterTypes: types, columns: prepared.columns.map { DSQLWireTypes.column($0.name, $0.type) })
    }

    func prepare(_ sql: String) throws(DSQLError) -> PreparedStatement {
        guard let catalog = cluster.catalog(node) else { throw .serverUnavailable }
        return try Dialect.prepare(sql, catalog: catalog)
    }

    func transactionStatus() async -> PGTransactionStatus {
        let open = await session.inTransaction
        return state.withLock { s in
            if !open {
                s.failed = false
                return .idle
            }
            return s.failed ? .failed : .inTransaction
        }
    }

    func cancel() {
        let hook = state.withLock { $0.running }
        hook?()
    }

    func close() async {
        if await session.inTransaction { _ = try? await session.execute("ROLLBACK") }
        onClose()
    }
}
