import Foundation
import Replication

/// Why a drill fixture was refused; the message names the step, the member and the rule.
public struct DrillFixtureError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension DrillFixture {
    /// Reads a fixture file's JSON. Unknown members are refused (a typo must not silently drop
    /// a fault), every step must fall inside `duration_ms`, and shuffled references must exist.
    public static func parse(_ bytes: [UInt8]) throws(DrillFixtureError) -> DrillFixture {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw DrillFixtureError("a drill fixture is a JSON object with name, duration_ms and steps")
        }
        let reader = Members(object, context: "the fixture")
        try reader.refuseUnknown(["name", "description", "duration_ms", "shuffled_regions", "steps", "workload",
                                  "health_check_interval_ms"])
        guard let name = try reader.string("name"), !name.isEmpty else { throw DrillFixtureError("the fixture needs a \"name\"") }
        guard let duration = try reader.int("duration_ms", in: 100...600_000) else {
            throw DrillFixtureError("the fixture needs \"duration_ms\" (100 to 600000)")
        }
        var fixture = DrillFixture(name: name, description: try reader.string("description") ?? "", durationMs: duration, steps: [])
        fixture.healthCheckIntervalMs = try reader.int("health_check_interval_ms", in: 10...30_000) ?? 200
        fixture.shuffledRegions = try (reader.list("shuffled_regions") ?? []).enumerated().map { i, item throws(DrillFixtureError) in
            guard let text = item as? String, let node = Self.role(text) else {
                throw DrillFixtureError("shuffled_regions[\(i)] must be primary, secondary or witness")
            }
            return node
        }
        if let mix = try reader.object("workload") { fixture.workload = try Self.workload(mix) }
        guard let steps = try reader.list("steps") else { throw DrillFixtureError("the fixture needs \"steps\" (a list)") }
        for (i, item) in steps.enumerated() {
            guard let step = item as? [String: Any] else { throw DrillFixtureError("step \(i + 1) must be an object") }
            fixture.steps.append(try Self.step(step, index: i + 1, shuffled: fixture.shuffledRegions.count))
        }
        var latest = 0
        for (i, step) in fixture.steps.enumerated() {
            switch step.timing {
            case .at(let range): latest = range.high
            case .after(let range): latest += range.high
            }
            guard latest <= duration else {
                throw DrillFixtureError("step \(i + 1) may come at \(latest) ms, after the drill's duration_ms \(duration)")
            }
        }
        return fixture
    }

    static func workload(_ object: [String: Any]) throws(DrillFixtureError) -> DrillWorkloadMix {
        let reader = Members(object, context: "workload")
        try reader.refuseUnknown(["accounts", "initial_balance", "pacing_ms", "transfer_share", "create_share"])
        var mix = DrillWorkloadMix()
        mix.accounts = try reader.int("accounts", in: 2...1000) ?? mix.accounts
        mix.initialBalance = try reader.int("initial_balance", in: 1...1_000_000_000) ?? mix.initialBalance
        mix.pacingMs = try reader.int("pacing_ms", in: 1...10_000) ?? mix.pacingMs
        mix.transferShare = try reader.probability("transfer_share") ?? mix.transferShare
        mix.createShare = try reader.probability("create_share") ?? mix.createShare
        return mix
    }

    static func step(_ object: [String: Any], index: Int, shuffled: Int) throws(DrillFixtureError) -> DrillStepTemplate {
        let reader = Members(object, context: "step \(index)")
        guard let action = try reader.string("action") else { throw DrillFixtureError("step \(index) needs an \"action\"") }
        let timing: DrillStepTemplate.Timing
        switch (try reader.range("at_ms"), try reader.range("after_ms")) {
        case (let at?, nil): timing = .at(at)
        case (nil, let after?): timing = .after(after)
        case (nil, nil): timing = .after(DrillTimeRange(0))
        default: throw DrillFixtureError("step \(index) has both at_ms and after_ms; give one")
        }
        func target(_ key: String) throws(DrillFixtureError) -> DrillTarget {
            guard let text = try reader.string(key) else { throw DrillFixtureError("step \(index) (\(action)) needs \"\(key)\"") }
            return try Self.target(text, context: "step \(index) \(key)", shuffled: shuffled)
        }
        let common: Set<String> = ["action", "at_ms", "after_ms"]
        let template: DrillActionTemplate
        switch action {
        case "kill":
            try reader.refuseUnknown(common.union(["region", "mode"]))
            let modes: [KillMode]
            if let list = object["mode"] as? [Any] {
                modes = try list.map { item throws(DrillFixtureError) in try Self.mode(item, index: index) }
                guard !modes.isEmpty else { throw DrillFixtureError("step \(index): \"mode\" lists no mode") }
            } else {
                modes = [try object["mode"].map { value throws(DrillFixtureError) in try Self.mode(value, index: index) } ?? .refuse]
            }
            template = .kill(try target("region"), modes: modes)
        case "pause":
            try reader.refuseUnknown(common.union(["region", "for_ms"]))
            template = .pause(try target("region"), milliseconds: try reader.range("for_ms"))
        case "resume", "restore", "isolate":
            try reader.refuseUnknown(common.union(["region"]))
            let region = try target("region")
            template = action == "resume" ? .resume(region) : action == "restore" ? .restore(region) : .isolate(region)
        case "partition":
            try reader.refuseUnknown(common.union(["from", "to", "both"]))
            let from = try target("from"), to = try target("to")
            guard from != to else { throw DrillFixtureError("step \(index): a partition joins two different regions") }
            template = .partition(from, to, both: try reader.bool("both") ?? true)
        case "links":
            try reader.refuseUnknown(common.union(["latency_ms", "jitter_ms", "loss", "partition", "between"]))
            let fault = LinkFault(
                partition: try reader.bool("partition") ?? false, latencyMs: Double(try reader.int("latency_ms", in: 0...60_000) ?? 0),
                jitterMs: Double(try reader.int("jitter_ms", in: 0...60_000) ?? 0), loss: try reader.probability("loss") ?? 0)
            let between = try (reader.list("between") ?? []).map { item throws(DrillFixtureError) in
                guard let text = item as? String else { throw DrillFixtureError("step \(index): \"between\" lists region names") }
                return try Self.target(text, context: "step \(index) between", shuffled: shuffled)
            }
            guard between.isEmpty || between.count == 2 else { throw DrillFixtureError("step \(index): \"between\" names two regions") }
            template = .links(fault, between: between)
        case "latency":
            try reader.refuseUnknown(common.union(["preset"]))
            guard let name = try reader.string("preset"), let preset = LatencyPreset(rawValue: name) else {
                throw DrillFixtureError("step \(index): \"preset\" must be one of \(LatencyPreset.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            template = .latency(preset)
        case "heal":
            try reader.refuseUnknown(common)
            template = .heal
        default:
            throw DrillFixtureError(
                "step \(index): unknown action \"\(action)\" (kill, pause, resume, restore, partition, isolate, links, latency, heal)")
        }
        return DrillStepTemplate(timing, template)
    }

    static func role(_ text: String) -> NodeID? { NodeID.allCases.first { $0.description == text } }

    static func target(_ text: String, context: String, shuffled: Int) throws(DrillFixtureError) -> DrillTarget {
        if let node = role(text) { return .role(node) }
        if text.hasPrefix("shuffled:"), let n = Int(text.dropFirst("shuffled:".count)), n >= 1, n <= shuffled {
            return .shuffled(n)
        }
        throw DrillFixtureError(
            "\(context): \"\(text)\" is no region; use primary, secondary, witness or shuffled:1...\(max(shuffled, 1)) (shuffled_regions lists \(shuffled))")
    }

    static func mode(_ value: Any, index: Int) throws(DrillFixtureError) -> KillMode {
        guard let text = value as? String, let mode = KillMode(rawValue: text) else {
            throw DrillFixtureError("step \(index): \"mode\" must be refuse or blackhole (or a list of them)")
        }
        return mode
    }
}
