import Chaos
import Replication

extension DrillRun {
    /// Carries out each step at its time, printing one line per step (with its scheduled time, so
    /// the same seed prints the same lines; the report also has when it ran).
    func runSchedule() async {
        for step in schedule.steps {
            let due = start + UInt64(step.atMs) * 1_000_000
            let now = Self.now()
            if due > now { try? await Task.sleep(for: .nanoseconds(Int64(due - now))) }
            await perform(step, closing: false)
        }
    }

    /// The heal after the workload: every region restored, every link healthy.
    func closingHeal() async {
        await perform(DrillStep(atMs: schedule.durationMs, action: .heal), closing: true)
    }

    func perform(_ step: DrillStep, closing: Bool) async {
        let leader = (try? await runtime.status().leader).flatMap { names.node(named: $0) }
        let executedAt = elapsedMs()
        let result: String
        do throws(ChaosError) {
            result = try await apply(step.action)
        } catch {
            result = "error: \(error)"
        }
        steps.withLock {
            $0.append(DrillStepRun(step: step, executedAtMs: executedAt, leaderBefore: leader, result: result, closing: closing))
        }
        let leading = leader.map { " [leader \(names[$0])]" } ?? " [no leader]"
        log("\(DrillSchedule.offset(step.atMs))  \(closing ? "closing " : "")\(step.action.describe(names))\(leading) -> \(result)")
    }

    /// Applies one action through the stack's chaos controls; answers what the stack reported.
    func apply(_ action: DrillAction) async throws(ChaosError) -> String {
        switch action {
        case .kill(let n, let mode):
            return try await runtime.kill(names[n], mode: mode).description
        case .pause(let n, let ms):
            return try await runtime.pause(names[n], for: ms.map { Duration.milliseconds($0) }).description
        case .resume(let n):
            return try await runtime.resume(names[n]).description
        case .restore(let n):
            return try await runtime.restore(names[n]).description
        case .partition(let a, let b, let both):
            try runtime.partition(names[a], names[b], oneWay: !both)
            return both ? "cut both ways" : "cut one way"
        case .isolate(let n):
            for other in NodeID.allCases where other != n { try runtime.partition(names[n], names[other]) }
            return "cut from every region"
        case .links(let fault, let pair):
            if let pair {
                try runtime.setLink(from: names[pair.a], to: names[pair.b], fault, both: true)
            } else {
                for a in NodeID.allCases {
                    for b in NodeID.allCases where a < b { try runtime.setLink(from: names[a], to: names[b], fault, both: true) }
                }
            }
            return "links set"
        case .latency(let preset):
            try runtime.applyLatency(preset)
            return "preset applied"
        case .heal:
            try await runtime.heal()
            return "every region up, links healthy"
        }
    }
}
