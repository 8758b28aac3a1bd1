import Foundation
import Replication

extension DrillReport {
    /// The report file `regionstack drill` writes (keys sorted, regions by configured name):
    /// `drill`, `seed`, `duration_ms`, `passed`, `regions` (role -> name), `steps`,
    /// `operations` (region -> ok/failed/unknown/committed), `kills`, `global_endpoint`
    /// (`switches`, `failover_ms`, `failback_ms`), `invariants`, `content_hashes`.
    public var json: String {
        var root: [String: Any] = [
            "drill": name, "seed": NSNumber(value: seed), "duration_ms": durationMs, "passed": passed,
            "regions": Dictionary(uniqueKeysWithValues: NodeID.allCases.map { ($0.description, names[$0]) }),
        ]
        root["steps"] = steps.map { run -> [String: Any] in
            var step: [String: Any] = [
                "at_ms": run.step.atMs, "executed_at_ms": run.executedAtMs, "action": run.step.action.verb,
                "description": run.step.action.describe(names), "result": run.result, "closing": run.closing,
            ]
            step["leader_before"] = Self.orNull(run.leaderBefore.map { names[$0] })
            return step
        }
        root["operations"] = Dictionary(uniqueKeysWithValues: counts.map { region, c in
            (names[region], [
                "ok": c.ok, "failed": c.failed, "unknown": c.unknown, "committed": c.committed, "total": c.total,
                "commit_p50_ms": Self.orNull(c.commitP50Ms.map(Self.rounded)), "commit_p99_ms": Self.orNull(c.commitP99Ms.map(Self.rounded)),
            ] as [String: Any])
        })
        root["kills"] = kills.map { k -> [String: Any] in
            [
                "region": names[k.region], "at_ms": k.atMs, "leader_before": Self.orNull(k.leaderBefore.map { names[$0] }),
                "survivor": Self.orNull(k.survivor.map { names[$0] }),
                "survivor_first_commit_ms": Self.orNull(k.survivorFirstCommitMs),
            ] as [String: Any]
        }
        root["global_endpoint"] = [
            "switches": switches.map { s -> [String: Any] in
                ["to": s.to.rawValue, "at_ms": s.atMs, "after_step": Self.orNull(s.afterStep), "after_step_ms": Self.orNull(s.afterStepMs)]
            },
            "failover_ms": switches.filter { $0.to == .secondary }.compactMap(\.afterStepMs),
            "failback_ms": switches.filter { $0.to == .primary }.compactMap(\.afterStepMs),
        ] as [String: Any]
        root["invariants"] = invariants.map { ["name": $0.name, "holds": $0.holds, "detail": $0.detail] as [String: Any] }
        root["content_hashes"] = Dictionary(uniqueKeysWithValues: contentHashes.map { (names[$0.key], $0.value) })
        guard let data = try? JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys]) else {
            return #"{"drill":"\#(name)","error":"the report could not be encoded"}"#
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Milliseconds to a tenth.
    static func rounded(_ ms: Double) -> Double { (ms * 10).rounded() / 10 }

    /// A JSON value, or `null`.
    static func orNull<T>(_ value: T?) -> Any { value.map { $0 as Any } ?? NSNull() }
}
