import DSQL
import DSQLClient
import Replication
import Testing

/// Helpers shared by the cluster tests: an ephemeral two-region cluster and error matching.
enum ClusterTestSupport {
    /// Runs `body` with a fresh ephemeral cluster (zero latency) and shuts it down afterwards.
    static func withCluster<T>(seed: UInt64 = 1, _ body: (DSQLCluster) async throws -> T) async throws -> T {
        let cluster = try await DSQLCluster.start(seed: seed)
        do {
            let value = try await body(cluster)
            await cluster.shutdown()
            return value
        } catch {
            await cluster.shutdown()
            throw error
        }
    }

    /// The DSQLError a statement threw, or nil when it succeeded.
    static func error(_ body: () async throws -> Void) async -> DSQLError? {
        do { try await body() } catch { return (error as? DSQLError) ?? DSQLError(sqlstate: "?????", message: "\(error)") }
        return nil
    }
}
