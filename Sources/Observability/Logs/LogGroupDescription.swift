/// What `DescribeLogGroups` reports about one log group.
///
/// A value type snapshot, so callers can hold it without the store's lock.
public struct LogGroupDescription: Sendable, Hashable {
    /// The group name, e.g. `/aws/lambda/my-function`.
    public let logGroupName: String
    /// Days events are kept; nil means never expire.
    public var retentionInDays: Int?
    /// Creation time, milliseconds since the Unix epoch.
    public let creationTime: Int64
    /// Number of events currently stored in all streams of the group.
    public var storedEvents: Int
    /// Sum of the UTF-8 sizes of the stored messages.
    public var storedBytes: Int

    /// Creates a description.
    public init(logGroupName: String, retentionInDays: Int?, creationTime: Int64, storedEvents: Int = 0, storedBytes: Int = 0) {
        self.logGroupName = logGroupName
        self.retentionInDays = retentionInDays
        self.creationTime = creationTime
        self.storedEvents = storedEvents
        self.storedBytes = storedBytes
    }
}
