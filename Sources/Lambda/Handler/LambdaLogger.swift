import Observability

/// Writes lines to the function's log stream in the environment's log group.
///
/// `log(_:)` writes a raw line (like `print` in a Lambda); the levelled methods use the Python
/// runtime's layout: `[INFO]\t<ISO time>\t<request id>\t<message>`.
public struct LambdaLogger: Sendable {
    /// The destination store.
    public let store: LogStore
    /// `/aws/lambda/<function>`.
    public let logGroupName: String
    /// The environment's stream.
    public let logStreamName: String
    /// The current request id (nil during init).
    public let requestID: String?

    /// Creates a logger.
    public init(store: LogStore, logGroupName: String, logStreamName: String, requestID: String? = nil) {
        self.store = store
        self.logGroupName = logGroupName
        self.logStreamName = logStreamName
        self.requestID = requestID
    }

    /// Writes one raw line.
    public func log(_ message: String) {
        store.append(group: logGroupName, stream: logStreamName, message: message)
    }

    /// `[DEBUG]` line.
    public func debug(_ message: String) { levelled("DEBUG", message) }
    /// `[INFO]` line.
    public func info(_ message: String) { levelled("INFO", message) }
    /// `[WARNING]` line.
    public func warning(_ message: String) { levelled("WARNING", message) }
    /// `[ERROR]` line.
    public func error(_ message: String) { levelled("ERROR", message) }

    private func levelled(_ level: String, _ message: String) {
        let now = store.now()
        let line = "[\(level)]\t\(LogTimeFormat.iso8601(milliseconds: now))\t\(requestID ?? "")\t\(message)"
        store.append(group: logGroupName, stream: logStreamName, message: line, timestamp: now)
    }

    /// The same logger bound to a request id.
    func forRequest(_ id: String) -> LambdaLogger {
        LambdaLogger(store: store, logGroupName: logGroupName, logStreamName: logStreamName, requestID: id)
    }
}
