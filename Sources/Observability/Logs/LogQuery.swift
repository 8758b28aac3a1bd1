/// A read of one log group: which streams, which time range, how many, in which order.
///
/// Serves `aws logs tail`/`filter-log-events`-style reads. Times are milliseconds since the epoch;
/// `startTime` is inclusive and `endTime` exclusive, as in `FilterLogEvents`.
public struct LogQuery: Sendable, Hashable {
    /// The order of returned events.
    public enum Order: Sendable, Hashable {
        /// Oldest first (`tail`, `get-log-events --start-from-head`).
        case oldestFirst
        /// Newest first (dashboards: `sort @timestamp desc`).
        case newestFirst
    }

    /// The log group to read.
    public var logGroupName: String
    /// Only these streams (nil: all streams of the group).
    public var logStreamNames: [String]?
    /// Only streams whose name starts with this prefix.
    public var logStreamNamePrefix: String?
    /// Inclusive lower bound on the event timestamp.
    public var startTime: Int64?
    /// Exclusive upper bound on the event timestamp.
    public var endTime: Int64?
    /// Only events whose message matches this filter pattern.
    public var filter: FilterPattern?
    /// At most this many events; with `.oldestFirst` the oldest matching ones, with `.newestFirst` the newest.
    public var limit: Int?
    /// The order of the result.
    public var order: Order
    /// Only events written after the event with this `sequence` (for `tail --follow`: pass the
    /// last sequence seen to get only newer events, even with equal timestamps).
    public var afterSequence: UInt64?

    /// Creates a query; by default all streams, all time, oldest first, no limit.
    public init(
        logGroupName: String, logStreamNames: [String]? = nil, logStreamNamePrefix: String? = nil,
        startTime: Int64? = nil, endTime: Int64? = nil, contains: String? = nil, filter: FilterPattern? = nil,
        limit: Int? = nil, order: Order = .oldestFirst, afterSequence: UInt64? = nil
    ) {
        self.logGroupName = logGroupName
        self.logStreamNames = logStreamNames
        self.logStreamNamePrefix = logStreamNamePrefix
        self.startTime = startTime
        self.endTime = endTime
        // `contains` is a one-term pattern (the text as a quoted term).
        self.filter = filter ?? contains.flatMap { $0.isEmpty ? nil : FilterPattern(term: $0) }
        self.limit = limit
        self.order = order
        self.afterSequence = afterSequence
    }

    /// True when a stream of the group is selected by this query.
    func selects(stream name: String) -> Bool {
        if let names = logStreamNames, !names.contains(name) { return false }
        if let prefix = logStreamNamePrefix, !name.hasPrefix(prefix) { return false }
        return true
    }

    /// True when an event passes the time and text filters.
    func selects(timestamp: Int64, message: String, sequence: UInt64) -> Bool {
        if let afterSequence, sequence <= afterSequence { return false }
        if let startTime, timestamp < startTime { return false }
        if let endTime, timestamp >= endTime { return false }
        if let filter, !filter.matches(message) { return false }
        return true
    }
}
