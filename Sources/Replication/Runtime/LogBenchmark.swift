import Foundation

/// `regionstack bench log`: commit throughput and latency through the real-time driver with
/// durable storage, failover time after the leader's node stops, and commit latency from each
/// data region under the `realistic` latency preset.
public enum LogBenchmark {
    /// Benchmark knobs.
    public struct Options: Sendable {
        public var seconds: Double = 2
        public var proposerCounts: [Int] = [1, 8, 64]
        public var failoverTrials = 50
        public var realisticCommits = 100
        /// Parent directory of the temporary log directories.
        public var directory: String = NSTemporaryDirectory()
        public init() {}
    }

    /// Runs everything, printing one line per figure through `print`.
    public static func run(_ options: Options, print: @Sendable (String) -> Void) async throws {
        let raft = RaftConfig()
        print("log benchmark: durable file storage, zero link latency; election timeout \(raft.electionTimeoutMin / 1000)-\(raft.electionTimeoutMax / 1000) ms (witness x\(raft.witnessElectionFactor)), heartbeat \(raft.heartbeatInterval / 1000) ms")
        for n in options.proposerCounts {
            let r = try await throughput(proposers: n, seconds: options.seconds, directory: options.directory)
            print(String(format: "proposers=%d commits=%d commits/s=%.0f p50=%.3f ms p99=%.3f ms", n, r.commits, r.rate, r.p50, r.p99))
        }
        if options.failoverTrials > 0 {
            let f = try await failover(trials: options.failoverTrials, directory: options.directory)
            print(String(format: "failover (leader node stopped -> first commit on a survivor): trials=%d p50=%.0f ms p99=%.0f ms max=%.0f ms under-1s=%d/%d",
                         f.count, percentile(f, 0.5), percentile(f, 0.99), f.max() ?? 0, f.filter { $0 < 1000 }.count, f.count))
        }
        if options.realisticCommits > 0 {
            for (region, lat) in try await realistic(commits: options.realisticCommits, directory: options.directory) {
                print(String(format: "realistic preset, leader primary: commit from %@ (%@) p50=%.2f ms p99=%.2f ms",
                             region.description, region.region, percentile(lat, 0.5), percentile(lat, 0.99)))
            }
        }
    }

    static func tempDir(_ parent: String, _ name: String) -> String {
        parent + "/rs-bench-\(name)-\(UInt64.random(in: 0...UInt64.max))"
    }

    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, Int(Double(s.count) * p))]
    }

    static func millis(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func waitForDataLeader(_ c: ReplicationCluster) async throws -> NodeID {
        for _ in 0..<1_000 {
            if let l = c.leader, l.isDataRegion { return l }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        throw ReplicationError.unavailable(region: "no leader")
    }

    /// Commits/s and latency with `proposers` concurrent clients in the leader's region.
    static func throughput(proposers: Int, seconds: Double, directory: String) async throws
        -> (commits: Int, rate: Double, p50: Double, p99: Double)
    {
        let dir = tempDir(directory, "tp")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = try ReplicationCluster(configuration: ClusterConfiguration(storage: .directory(dir), seed: 21))
        defer { c.shutdown() }
        let region = try await waitForDataLeader(c)
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(seconds * 1000))
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for p in 0..<proposers {
                group.addTask {
                    var lat: [Double] = []
                    var i: UInt64 = 0
                    while clock.now < deadline && lat.count < 2_000_000 {
                        i += 1
                        let txid = UInt64(p + 1) << 40 | i
                        let t0 = clock.now
                        let outcome = await c.propose(from: region, Proposal(
                            kind: .transaction, payload: [1, 2, 3, 4], writeKeys: ["bench/\(p)/\(i)"],
                            snapshotIndex: 0, transactionID: txid, origin: region))
                        if case .committed(let index) = outcome {
                            lat.append(millis(clock.now - t0))
                            if p == 0 && lat.count % 512 == 0 {
                                for d in NodeID.dataRegions { c.reportApplied(d, index: c.commitIndex(of: d)) }
                            }
                            _ = index
                        }
                    }
                    return lat
                }
            }
            var all: [Double] = []
            for try await l in group { all.append(contentsOf: l) }
            return all
        }
        let elapsed = millis(clock.now - start) / 1000
        return (latencies.count, Double(latencies.count) / elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99))
    }

    /// Milliseconds from stopping the leader's node to the first commit on a survivor.
    static func failover(trials: Int, directory: String) async throws -> [Double] {
        let dir = tempDir(directory, "fo")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = try ReplicationCluster(configuration: ClusterConfiguration(storage: .directory(dir), seed: 22))
        defer { c.shutdown() }
        let clock = ContinuousClock()
        var results: [Double] = []
        var txid: UInt64 = 1
        for _ in 0..<trials {
            let leader = try await waitForDataLeader(c)
            // Make sure the cluster is fully caught up before the fault.
            _ = await c.propose(from: leader, Proposal(kind: .noop, payload: [], writeKeys: [], snapshotIndex: 0, transactionID: 0, origin: leader))
            let survivor: NodeID = leader == .primary ? .secondary : .primary
            c.stop(leader)
            let t0 = clock.now
            var done = false
            while !done && clock.now - t0 < .seconds(10) {
                txid += 1
                let outcome = await c.propose(from: survivor, Proposal(
                    kind: .transaction, payload: [1], writeKeys: ["fo/\(txid)"], snapshotIndex: 0, transactionID: txid, origin: survivor))
                if case .committed = outcome { done = true } else { try await Task.sleep(nanoseconds: 1_000_000) }
            }
            results.append(millis(clock.now - t0))
            c.restart(leader)
            let target = c.commitIndex(of: survivor)
            for _ in 0..<2_000 where c.commitIndex(of: leader) < target { try await Task.sleep(nanoseconds: 1_000_000) }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return results
    }

    /// Commit latency from each data region with the `realistic` preset and the primary leading.
    static func realistic(commits: Int, directory: String) async throws -> [(NodeID, [Double])] {
        let dir = tempDir(directory, "rl")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = try ReplicationCluster(configuration: ClusterConfiguration(storage: .directory(dir), latency: .realistic, seed: 23))
        defer { c.shutdown() }
        for _ in 0..<20 {
            if try await waitForDataLeader(c) == .primary { break }
            c.transferLeadership(to: .primary)
            try await Task.sleep(nanoseconds: 300_000_000)
        }
        let clock = ContinuousClock()
        var out: [(NodeID, [Double])] = []
        var txid: UInt64 = 1
        for region in NodeID.dataRegions {
            var lat: [Double] = []
            for _ in 0..<commits {
                txid += 1
                let t0 = clock.now
                let outcome = await c.propose(from: region, Proposal(
                    kind: .transaction, payload: [1], writeKeys: ["rl/\(txid)"], snapshotIndex: 0, transactionID: txid, origin: region))
                if case .committed = outcome { lat.append(millis(clock.now - t0)) }
            }
            out.append((region, lat))
        }
        return out
    }
}
