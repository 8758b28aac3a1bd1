import Chaos
import Replication

/// A snapshot of the stack's chaos state: each region (up, killed, paused), each log node's
/// role, term, commit and applied index, every directed link, and extra sections (the health
/// checks). `json` is the document `GET /_regionstack/status` answers.
public struct StackStatus: Sendable {
    /// One region.
    public struct Region: Sendable {
        public var name: String
        public var node: NodeID
        public var state: RegionState
        public var resumesInMilliseconds: UInt64?
        public var components: [String]
        /// Nil when the stack runs no DSQL cluster of its own.
        public var logNode: NodeStatus?
    }

    public var names: RegionNames
    public var regions: [Region] = []
    public var links: [LinkReport] = []
    /// Extra top-level members: key and JSON text.
    public var sections: [(String, String)] = []

    /// The region named `name` (configured name or role).
    public func region(_ name: String) -> Region? {
        regions.first { $0.name == name || $0.node.description == name }
    }

    /// The leader every running log node agrees on, if any.
    public var leader: String? {
        let views = regions.compactMap(\.logNode).filter { $0.state != .stopped }.map(\.leader)
        guard let first = views.first, let l = first, views.allSatisfy({ $0 == l }) else { return nil }
        return names[l]
    }

    /// The status document.
    public var json: String {
        var out = "{\"regions\":["
        out += regions.map(Self.json).joined(separator: ",")
        out += "],\"leader\":" + (leader.map(JSONText.quote) ?? "null")
        out += ",\"links\":[" + links.map { link in
            "{\"from\":\(JSONText.quote(names[link.from])),\"to\":\(JSONText.quote(names[link.to]))," + Self.json(link.fault) + "}"
        }.joined(separator: ",") + "]"
        var keys = Set<String>()
        for (key, value) in sections {
            keys.insert(key)
            out += ",\(JSONText.quote(key)):\(value)"
        }
        // Filled by the health checks when they run; an empty list until then.
        if !keys.contains("health_checks") { out += ",\"health_checks\":[]" }
        return out + "}"
    }

    /// The JSON of a region's state alone (what kill, pause, resume and restore answer).
    public static func json(_ r: Region) -> String {
        var out = "{\"region\":\(JSONText.quote(r.name)),\"role\":\"\(r.node)\",\"state\":\"\(r.state.name)\""
        if case .killed(let mode) = r.state { out += ",\"mode\":\"\(mode.rawValue)\"" }
        if case .paused = r.state {
            out += ",\"resumes_in_ms\":" + (r.resumesInMilliseconds.map { String($0) } ?? "null")
        }
        out += ",\"components\":[" + r.components.map(JSONText.quote).joined(separator: ",") + "]"
        if let n = r.logNode { out += ",\"log_node\":" + json(n) }
        return out + "}"
    }

    static func json(_ n: NodeStatus) -> String {
        var out = "{\"state\":\"\(n.state.rawValue)\",\"role\":"
        out += n.role.map { "\"\(roleName($0))\"" } ?? "null"
        out += ",\"term\":\(n.term),\"last_index\":\(n.lastIndex),\"commit_index\":\(n.commitIndex)"
        out += ",\"applied_index\":" + (n.appliedIndex.map { String($0) } ?? "null")
        return out + "}"
    }

    static func json(_ f: LinkFault) -> String {
        "\"partition\":\(f.partition),\"latency_ms\":\(number(f.latencyMs)),\"jitter_ms\":\(number(f.jitterMs)),\"loss\":\(number(f.loss))"
    }

    static func number(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
    }

    static func roleName(_ role: RaftRole) -> String {
        switch role {
        case .follower: "follower"
        case .preCandidate: "pre-candidate"
        case .candidate: "candidate"
        case .leader: "leader"
        }
    }

    /// One line per region and per faulty link, as `regionstack status` prints them.
    public var lines: [String] {
        var out: [String] = []
        for r in regions {
            var line = "\(r.name) (\(r.node)): \(r.state)"
            if let n = r.logNode {
                line += "; log node \(n.state.rawValue)"
                if let role = n.role { line += ", \(Self.roleName(role)), term \(n.term)" }
                line += ", commit \(n.commitIndex)"
                if let a = n.appliedIndex { line += ", applied \(a)" }
            }
            out.append(line)
        }
        let faulty = links.filter { !$0.fault.isHealthy }
        if faulty.isEmpty { out.append("links: all healthy") }
        for l in faulty {
            let f = l.fault
            let what = f.partition ? "partitioned" : "latency \(Self.number(f.latencyMs)) ms, jitter \(Self.number(f.jitterMs)) ms, loss \(f.loss)"
            out.append("link \(names[l.from]) -> \(names[l.to]): \(what)")
        }
        return out
    }
}
