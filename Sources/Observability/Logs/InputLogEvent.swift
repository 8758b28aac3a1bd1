/// An event to write (`PutLogEvents` input): a timestamp and a message.
public struct InputLogEvent: Sendable, Hashable {
    /// Event time, milliseconds since the Unix epoch.
    public let timestamp: Int64
    /// The event text.
    public let message: String

    /// Creates an input event.
    public init(timestamp: Int64, message: String) {
        self.timestamp = timestamp
        self.message = message
    }
}
