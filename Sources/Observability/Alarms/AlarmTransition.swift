/// One change of an alarm's state, as the evaluator reports it and the history keeps it.
public struct AlarmTransition: Sendable, Hashable {
    public var alarmName: String
    public var region: String
    public var from: AlarmState
    public var to: AlarmState
    /// CloudWatch's `StateReason` text.
    public var reason: String
    /// CloudWatch's `StateReasonData` JSON (nil when there was nothing to evaluate).
    public var reasonData: String?
    /// Epoch milliseconds.
    public var timestamp: Int64

    /// `Alarm updated from OK to ALARM`.
    public var summary: String { "Alarm updated from \(from.rawValue) to \(to.rawValue)" }

    /// One log line for the stack's console.
    public var logLine: String { "alarm \(alarmName) (\(region)): \(from.rawValue) -> \(to.rawValue): \(reason)" }
}

/// One entry of `DescribeAlarmHistory`.
public struct AlarmHistoryItem: Sendable, Hashable {
    /// `ConfigurationUpdate`, `StateUpdate` or `Action`.
    public enum Kind: String, Sendable, Hashable {
        case configurationUpdate = "ConfigurationUpdate"
        case stateUpdate = "StateUpdate"
        case action = "Action"
    }

    public var alarmName: String
    public var region: String
    public var kind: Kind
    /// Epoch milliseconds.
    public var timestamp: Int64
    public var summary: String
    /// A JSON document (the old and new state for a state update).
    public var data: String
    /// The transition, for state updates.
    public var transition: AlarmTransition?
}
