import Replication

/// A step as the runner carried it out: when (ms from the start), the log leader just before
/// it, and what the stack answered.
public struct DrillStepRun: Sendable, Equatable {
    public var step: DrillStep
    public var executedAtMs: Int
    public var leaderBefore: NodeID?
    /// The region's state after the step (`killed (refuse)`), or an error.
    public var result: String
    /// True for the heal the runner adds after the workload.
    public var closing: Bool

    public init(step: DrillStep, executedAtMs: Int, leaderBefore: NodeID?, result: String, closing: Bool = false) {
        self.step = step
        self.executedAtMs = executedAtMs
        self.leaderBefore = leaderBefore
        self.result = result
        self.closing = closing
    }
}

/// A drill's outcome: per-region operation counts, the kills' recovery times, the global
/// endpoint's switches, the invariants. Built by a pure function of what the run recorded, so
/// a test can hand it a history and check the figures.
public struct DrillReport: Sendable, Equatable {
    /// Operations one region's clients ran, by outcome.
    public struct Counts: Sendable, Equatable {
        public var ok = 0
        public var failed = 0
        public var unknown = 0
        /// Acknowledged writes (transfers and creations).
        public var committed = 0
        /// The acknowledged writes' latency (start to acknowledgement), p50 and p99, in ms.
        public var commitP50Ms: Double?
        public var commitP99Ms: Double?
        public init() {}
        public var total: Int { ok + failed + unknown }
    }

    /// A kill and the time until a data region other than the killed one next committed an
    /// operation it started after the kill.
    public struct KillTiming: Sendable, Equatable {
        public var region: NodeID
        public var atMs: Int
        public var leaderBefore: NodeID?
        public var survivorFirstCommitMs: Int?
        public var survivor: NodeID?
    }

    /// A switch of the global endpoint's failover record and the step it followed.
    public struct SwitchTiming: Sendable, Equatable {
        /// `PRIMARY` (failback) or `SECONDARY` (failover).
        public var to: FailoverRecord
        public var atMs: Int
        /// The step it answers (a fault for a failover, a recovery for a failback).
        public var afterStep: String?
        public var afterStepMs: Int?
    }

    public var name: String
    public var seed: UInt64
    public var durationMs: Int
    public var names: RegionNames
    public var steps: [DrillStepRun]
    public var counts: [NodeID: Counts]
    public var kills: [KillTiming]
    public var switches: [SwitchTiming]
    public var invariants: [DrillInvariant]
    public var contentHashes: [NodeID: String]

    /// True when every invariant held.
    public var passed: Bool { invariants.allSatisfy(\.holds) }

    /// Builds the report. Times in `records` and `switches` are monotonic nanoseconds; `start`
    /// is the workload's start on the same clock.
    public init(
        schedule: DrillSchedule, names: RegionNames, steps: [DrillStepRun], records: [DrillRecord],
        switches: [FailoverState.Switch], start: UInt64, final: DrillFinalState, invariants: [DrillInvariant]
    ) {
        name = schedule.name
        seed = schedule.seed
        durationMs = schedule.durationMs
        self.names = names
        self.steps = steps
        self.invariants = invariants
        contentHashes = final.regions.mapValues(\.contentHash)
        func ms(_ t: UInt64) -> Int { t >= start ? Int((t - start) / 1_000_000) : -Int((start - t) / 1_000_000) }

        var counts: [NodeID: Counts] = [:]
        for region in NodeID.dataRegions { counts[region] = Counts() }
        for r in records {
            switch r.outcome {
            case .ok:
                counts[r.client.region, default: Counts()].ok += 1
                if r.operation.isWrite { counts[r.client.region, default: Counts()].committed += 1 }
            case .failed: counts[r.client.region, default: Counts()].failed += 1
            case .unknown: counts[r.client.region, default: Counts()].unknown += 1
            }
        }
        let commits = records.filter { $0.outcome == .ok && $0.operation.isWrite }
        for region in NodeID.dataRegions {
            let latencies = commits.filter { $0.client.region == region }.map { Double($0.end &- $0.start) / 1e6 }.sorted()
            guard !latencies.isEmpty else { continue }
            counts[region]?.commitP50Ms = Self.percentile(latencies, 0.5)
            counts[region]?.commitP99Ms = Self.percentile(latencies, 0.99)
        }
        self.counts = counts

        kills = steps.compactMap { run -> KillTiming? in
            guard case .kill(let region, _) = run.step.action else { return nil }
            let at = start + UInt64(max(0, run.executedAtMs)) * 1_000_000
            let first = commits.filter { $0.client.region != region && $0.start >= at }.min { $0.end < $1.end }
            return KillTiming(
                region: region, atMs: run.executedAtMs, leaderBefore: run.leaderBefore,
                survivorFirstCommitMs: first.map { ms($0.end) - run.executedAtMs }, survivor: first?.client.region)
        }

        self.switches = switches.map { s in
            let at = ms(s.at)
            let candidates = steps.filter { run in
                run.executedAtMs <= at && (s.to == .secondary ? !run.step.action.isRecovery : run.step.action.isRecovery)
            }
            let cause = candidates.last
            return SwitchTiming(
                to: s.to, atMs: at, afterStep: cause.map { $0.step.action.describe(names) }, afterStepMs: cause.map { at - $0.executedAtMs })
        }
    }

    /// The `p` quantile of sorted values (nearest rank).
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }

    /// The summary lines the CLI prints after the steps.
    public var summaryLines: [String] {
        var out: [String] = []
        for region in NodeID.dataRegions {
            let c = counts[region] ?? Counts()
            var line = "\(names[region]): \(c.ok) ok (\(c.committed) commits), \(c.failed) failed, \(c.unknown) unknown"
            if let p50 = c.commitP50Ms, let p99 = c.commitP99Ms {
                line += "; commit latency p50 \(Self.decimal(p50)) ms, p99 \(Self.decimal(p99)) ms"
            }
            out.append(line)
        }
        for k in kills {
            let survivor = k.survivor.map { names[$0] } ?? "no region"
            out.append("kill \(names[k.region]) at \(DrillSchedule.offset(k.atMs)): "
                + (k.survivorFirstCommitMs.map { "\(survivor) committed after \($0) ms" } ?? "no other region committed before the end"))
        }
        for s in switches {
            let kind = s.to == .secondary ? "failover" : "failback"
            out.append("global endpoint \(kind) to \(s.to.rawValue) at \(DrillSchedule.offset(s.atMs))"
                + (s.afterStepMs.map { ", \($0) ms after \(s.afterStep!)" } ?? ""))
        }
        for i in invariants { out.append("\(i.holds ? "ok  " : "FAIL") \(i.name): \(i.detail)") }
        out.append(passed ? "drill \(name) seed \(seed): passed" : "drill \(name) seed \(seed): FAILED")
        return out
    }

    /// One decimal: `12.5`.
    static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
