/// What `DescribeLogStreams` reports about one log stream.
///
/// `droppedEvents` is an emulator addition: how many old events the bounded stream overwrote.
public struct LogStreamDescription: Sendable, Hashable {
    /// The stream name, e.g. `2026/11/24/[$LATEST]0123...`.
    public let logStreamName: String
    /// Creation time, milliseconds since the Unix epoch.
    public let creationTime: Int64
    /// Timestamp of the oldest stored event.
    public var firstEventTimestamp: Int64?
    /// Timestamp of the newest stored event.
    public var lastEventTimestamp: Int64?
    /// When the newest event was ingested.
    public var lastIngestionTime: Int64?
    /// Number of events currently stored.
    public var storedEvents: Int
    /// Events overwritten because the stream reached its cap.
    public var droppedEvents: Int

    /// Creates a description.
    public init(
        logStreamName: String, creationTime: Int64, firstEventTimestamp: Int64? = nil, lastEventTimestamp: Int64? = nil,
        lastIngestionTime: Int64? = nil, storedEvents: Int = 0, droppedEvents: Int = 0
    ) {
        self.logStreamName = logStreamName
        self.creationTime = creationTime
        self.firstEventTimestamp = firstEventTimestamp
        self.lastEventTimestamp = lastEventTimestamp
        self.lastIngestionTime = lastIngestionTime
        self.storedEvents = storedEvents
        self.droppedEvents = droppedEvents
    }
}
