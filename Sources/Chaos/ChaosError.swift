/// Why a chaos request was refused. Each case carries its HTTP status and a JSON error code,
/// so the admin API, the CLI and Swift tests report the same thing.
public enum ChaosError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No region by that name; `known` lists the stack's regions.
    case unknownRegion(String, known: [String])
    /// The transition does not apply to the region's state (pause a killed region).
    case conflict(region: String, message: String)
    /// The request is malformed (a bad body, a link to itself, loss above 1).
    case invalid(String)
    /// A component could not come back (its port is taken, its disk failed).
    case componentFailed(region: String, component: String, reason: String)
    /// The stack runs no regions (stopped, or admin-only).
    case notRunning

    /// The HTTP status the admin API answers with.
    public var status: Int {
        switch self {
        case .unknownRegion: 404
        case .conflict: 409
        case .invalid: 400
        case .componentFailed: 500
        case .notRunning: 503
        }
    }

    /// A stable machine-readable code.
    public var code: String {
        switch self {
        case .unknownRegion: "unknown_region"
        case .conflict: "conflict"
        case .invalid: "bad_request"
        case .componentFailed: "component_failed"
        case .notRunning: "not_running"
        }
    }

    public var description: String {
        switch self {
        case .unknownRegion(let name, let known):
            "unknown region \"\(name)\": this stack's regions are \(known.joined(separator: ", "))"
        case .conflict(_, let message): message
        case .invalid(let message): message
        case .componentFailed(let region, let component, let reason): "\(region): \(component) could not start: \(reason)"
        case .notRunning: "the stack is not running (or runs only the admin listener)"
        }
    }
}
