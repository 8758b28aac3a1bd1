import DSQL
import DSQLClient
import Foundation
import HTTP
import Observability
import RegionStack
import Testing

/// `AWS/AuroraDSQL` metrics by `ClusterId` from the stack's own cluster, and the commit log's
/// own gauges, after a known workload.
@Suite(.serialized) struct StackDSQLMetricsTests {
    @Test func transactionsConflictsBytesAndTheLogsGauges() async throws {
        let runtime = StackRuntime()
        var options = StackOptions.testing()
        options.runDBInit = true
        let e = try await runtime.start(options)
        defer { Task { await runtime.stop() } }
        let assembly = try #require(runtime.assembly)
        let cluster = try #require(assembly.dsql)
        let names = assembly.names
        let store = assembly.metrics.store
        func key(_ role: StackRegionRole, _ name: String) -> MetricKey {
            MetricKey(region: names[role].region, namespace: "AWS/AuroraDSQL", name: name, dimensions: ["ClusterId": names[role].clusterID])
        }
        let before = store.counter(key(.secondary, "TotalTransactions"))
        let beforeReadOnly = store.counter(key(.secondary, "ReadOnlyTransactions"))

        // Two writes and a read through the secondary's API.
        for i in 0..<2 {
            let body = #"{"name":"M","email":"m\#(i)-\#(UInt32.random(in: 0...UInt32.max))@example.com"}"#
            let r = try await HTTPClient.send(
                port: e.regionPorts[.secondary]!, method: "POST", path: "/prod/users", headers: [("Content-Type", "application/json")],
                body: Array(body.utf8))
            #expect(r.status == 201)
        }
        #expect(try await HTTPClient.send(port: e.regionPorts[.secondary]!, path: "/prod/users").status == 200)
        #expect(store.counter(key(.secondary, "TotalTransactions")) - before == 3)
        #expect(store.counter(key(.secondary, "ReadOnlyTransactions")) - beforeReadOnly == 1)
        #expect(store.counter(key(.secondary, "BytesWritten")) > 0)
        #expect(store.counter(key(.secondary, "BytesRead")) > 0)
        #expect(store.statistics(key(.secondary, "CommitLatency")).sampleCount == 2)
        #expect(store.existing(key(.secondary, "CommitLatency"))?.unit == .milliseconds)

        // A write-write conflict across the regions: one OC000.
        let a = try cluster.connect(region: .primary)
        let b = try cluster.connect(region: .secondary)
        _ = try await a.execute("CREATE TABLE m (id int PRIMARY KEY, v int)")
        _ = try await a.execute("INSERT INTO m VALUES (1, 0)")
        _ = try await a.execute("BEGIN")
        _ = try await b.execute("BEGIN")
        _ = try await a.execute("UPDATE m SET v = 1 WHERE id = 1")
        _ = try await b.execute("UPDATE m SET v = 2 WHERE id = 1")
        _ = try await a.execute("COMMIT")
        var conflict: DSQLError?
        do { _ = try await b.execute("COMMIT") } catch { conflict = error }
        #expect(conflict == .dataConflict)
        #expect(store.counter(key(.secondary, "OccConflicts")) == 1)
        #expect(store.counter(key(.primary, "OccConflicts")) == 0)

        // The log's own gauges, published by its driver every 250 ms.
        let primary = names[.primary].region
        func gauge(_ name: String, _ node: String) -> Double? {
            store.gauge(MetricKey(region: primary, namespace: "RegionStack/Replication", name: name, dimensions: ["Node": node]))
        }
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, (gauge("CommitIndex", primary) ?? 0) < 5 { try await Task.sleep(for: .milliseconds(50)) }
        let regions = [primary, names[.secondary].region, assembly.configuration.witnessRegion]
        #expect(regions.compactMap { gauge("IsLeader", $0) }.reduce(0, +) == 1, "one leader")
        #expect((gauge("Term", primary) ?? 0) >= 1)
        #expect((gauge("CommitIndex", primary) ?? 0) >= 5)
        #expect(gauge("AppliedIndex", names[.secondary].region) != nil)
        #expect(gauge("NodeUp", assembly.configuration.witnessRegion) == 1)
        let link = MetricKey(
            region: primary, namespace: "RegionStack/Replication", name: "LinkPartitioned",
            dimensions: ["From": primary, "To": names[.secondary].region])
        #expect(store.gauge(link) == 0)
        let text = String(decoding: assembly.metrics.prometheusText(), as: UTF8.self)
        #expect(text.contains(#"regionstack_replication_term{node="\#(primary)"}"#))
        #expect(text.contains(#"aws_aurora_dsql_occ_conflicts_total{cluster_id="\#(names[.secondary].clusterID)",region="\#(names[.secondary].region)"} 1"#))
    }
}
