/// One stored log event, as `FilterLogEvents`/`GetLogEvents` return it.
///
/// `sequence` is a store-wide counter that orders events with equal timestamps the way they were
/// written, so merged reads across streams are stable.
public struct LogEvent: Sendable, Hashable {
    /// The log group the event belongs to.
    public let logGroupName: String
    /// The log stream the event belongs to.
    public let logStreamName: String
    /// Event time, milliseconds since the Unix epoch.
    public let timestamp: Int64
    /// When the store received the event, milliseconds since the Unix epoch.
    public let ingestionTime: Int64
    /// The event text (one line, without a trailing newline unless the writer put one).
    public let message: String
    /// Store-wide write order.
    public let sequence: UInt64

    /// Creates an event; the store assigns `sequence`.
    public init(
        logGroupName: String, logStreamName: String, timestamp: Int64, ingestionTime: Int64, message: String,
        sequence: UInt64
    ) {
        self.logGroupName = logGroupName
        self.logStreamName = logStreamName
        self.timestamp = timestamp
        self.ingestionTime = ingestionTime
        self.message = message
        self.sequence = sequence
    }
}
