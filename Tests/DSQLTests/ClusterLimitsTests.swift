import DSQL
import Testing

/// Issue 10 through a real cluster's store: chains and parameter checks end to end.
@Suite struct ClusterLimitsTests {
    typealias S = ClusterTestSupport

    @Test func tenThousandTermOrRunsThroughTheStore() async throws {
        try await S.withCluster { cluster in
            let s = try cluster.connect(region: .primary)
            _ = try await s.execute("CREATE TABLE chain (id int PRIMARY KEY, v text)")
            _ = try await s.execute("INSERT INTO chain VALUES (1, 'a'), (9999, 'b'), (10001, 'c')")
            let or = "SELECT v FROM chain WHERE " + (1...10_000).map { "id = \($0)" }.joined(separator: " OR ") + " ORDER BY id"
            #expect(try await s.execute(or).rows == [["a"], ["b"]])
            let update = "UPDATE chain SET v = 'z' WHERE " + (1...10_000).map { "id = \($0)" }.joined(separator: " OR ")
            #expect(try await s.execute(update).commandTag == "UPDATE 2")
            let sum = try await s.execute("SELECT " + Array(repeating: "1", count: 2000).joined(separator: "+"))
            #expect(sum.rows == [["2000"]])
            let nested = await S.error { _ = try await s.execute("SELECT " + String(repeating: "(SELECT ", count: 150) + "1" + String(repeating: ")", count: 150)) }
            #expect(nested == .stackDepthExceeded)
        }
    }

    @Test func parameterCountMustMatchAndNothingCommits() async throws {
        try await S.withCluster { cluster in
            let s = try cluster.connect(region: .primary)
            _ = try await s.execute("CREATE TABLE p (id int PRIMARY KEY, v text)")
            let missing = await S.error { _ = try await s.execute("INSERT INTO p VALUES ($1, $2)", [.integer(1)]) }
            #expect(missing == .bindCountMismatch(supplied: 1, required: 2))
            let extra = await S.error { _ = try await s.execute("INSERT INTO p VALUES (1, 'a')", [.integer(1)]) }
            #expect(extra == .bindCountMismatch(supplied: 1, required: 0))
            let nul = await S.error { _ = try await s.execute("INSERT INTO p VALUES ($1, $2)", [.integer(1), .text("a\u{0}b")]) }
            #expect(nul == .nulInText)
            #expect(try await s.execute("SELECT count(*) FROM p").rows == [["0"]])
            let empty = try await s.execute("SELECT")
            #expect(empty.commandTag == "SELECT 1" && empty.columns.isEmpty && empty.values == [[]])
        }
    }
}
