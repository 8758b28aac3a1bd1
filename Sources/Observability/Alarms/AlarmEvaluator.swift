import JSONLexing

/// Every alarm of a stack and their history: evaluates them all at a time over a read of the
/// metric store. Pure, like `AlarmMachine`; `AlarmService` runs it on a timer.
///
/// Alarms are evaluated once per resolution period, a short lag after each period ends (a tenth
/// of it, at most 2 s) so that samples of the period just finished are in.
public struct AlarmEvaluator: Sendable {
    /// A read of one series: key, `[start, end)` in epoch ms, period in seconds.
    public typealias Read = (MetricKey, Int64, Int64, Int) -> [MetricAggregate]

    public private(set) var machines: [AlarmMachine]
    /// State updates and creations, oldest first, bounded.
    public private(set) var history: RingBuffer<AlarmHistoryItem>
    /// The store's resolution in seconds.
    public let resolutionSeconds: Int

    /// The alarms as created at `now` (each gets a `ConfigurationUpdate` history item).
    public init(definitions: [AlarmDefinition], now: Int64, resolutionSeconds: Int, historyLimit: Int = 1_000) {
        machines = definitions.map { AlarmMachine(definition: $0, now: now) }
        self.resolutionSeconds = max(1, resolutionSeconds)
        history = RingBuffer(capacity: historyLimit)
        for d in definitions {
            history.append(
                AlarmHistoryItem(
                    alarmName: d.name, region: d.region, kind: .configurationUpdate, timestamp: now,
                    summary: "Alarm \"\(d.name)\" created",
                    data: #"{"type":"Create","version":"1.0","createdAlarm":{"alarmName":"\#(d.name)"}}"#, transition: nil))
        }
    }

    /// How long after a period ends it is evaluated, in ms.
    public var lag: Int64 { min(2_000, Int64(resolutionSeconds) * 100) }

    /// The next evaluation time after `now`.
    public func nextEvaluation(after now: Int64) -> Int64 {
        let grid = Int64(resolutionSeconds) * 1000
        var next = now - MetricSeries.modulo(now, grid) + lag
        while next <= now { next += grid }
        return next
    }

    /// Evaluates every alarm at `now`; returns the transitions (also added to the history).
    public mutating func evaluate(now: Int64, read: Read) -> [AlarmTransition] {
        var transitions: [AlarmTransition] = []
        for i in machines.indices {
            let range = machines[i].queryRange(now: now, resolutionSeconds: resolutionSeconds)
            let d = machines[i].definition
            let points = read(d.metric, range.start, range.end, d.periodSeconds)
            if let t = machines[i].evaluate(now: now, resolutionSeconds: resolutionSeconds, datapoints: points) {
                transitions.append(t)
                history.append(
                    AlarmHistoryItem(
                        alarmName: t.alarmName, region: t.region, kind: .stateUpdate, timestamp: now, summary: t.summary,
                        data: Self.historyData(t), transition: t))
            }
        }
        return transitions
    }

    /// The machine of the alarm named `name` in `region`.
    public func machine(named name: String, region: String) -> AlarmMachine? {
        machines.first { $0.definition.name == name && $0.definition.region == region }
    }

    /// `HistoryData` of a state update, as CloudWatch writes it.
    static func historyData(_ t: AlarmTransition) -> String {
        func state(_ s: AlarmState, _ reason: String?) -> String {
            #"{"stateValue":"\#(s.rawValue)""# + (reason.map { #","stateReason":\#(JSONEscape.quote($0))"# } ?? "") + "}"
        }
        return #"{"version":"1.0","oldState":\#(state(t.from, nil)),"newState":\#(state(t.to, t.reason))}"#
    }
}
