import Chaos

/// What one drill run is asked for.
public struct DrillOptions: Sendable {
    /// The seed: the same seed gives the same schedule and the same operations.
    public var seed: UInt64 = 1
    /// Replaces the fixture's duration (steps scale with it), in milliseconds.
    public var durationMs: Int?
    /// Where to write the JSON report (nil: nowhere).
    public var reportPath: String?
    /// The seed's variables (`--var name=value`), e.g. other region names.
    public var variables: [String] = []
    /// Deliberate breaks after the workload, to show that the checks catch them (tests).
    public var sabotage: [DrillSabotage] = []
    /// Receives one line per step and the summary.
    public var log: @Sendable (String) -> Void = { print($0) }

    public init() {}
}

/// A deliberate break applied after the workload, through the SQL path (so both regions agree
/// on it): a drill that must fail, proving the invariants can fail.
public enum DrillSabotage: String, Sendable, CaseIterable {
    /// Deletes one acknowledged user.
    case loseAcknowledgedWrite = "lose-acknowledged-write"
    /// Takes one unit out of an account without a ledger row.
    case skimTheBank = "skim-the-bank"
}

/// Why a drill could not run (as opposed to running and finding a violation).
public struct DrillError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
