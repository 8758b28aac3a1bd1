/// A CloudWatch Logs API error as data: AWS's exception name, message and HTTP status.
///
/// Callers match on `code`; the admin API can render `code`/`message` as the JSON body AWS uses
/// (`{"__type": code, "message": message}`).
public struct LogsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// AWS's error code, e.g. `ResourceNotFoundException`.
    public let code: String
    /// The human-readable message.
    public let message: String
    /// The HTTP status AWS answers with.
    public let httpStatus: Int

    /// Creates an error.
    public init(code: String, message: String, httpStatus: Int = 400) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    /// `ResourceNotFoundException` for a missing log group.
    public static func groupNotFound(_ name: String) -> LogsError {
        LogsError(code: "ResourceNotFoundException", message: "The specified log group does not exist.")
    }

    /// `ResourceNotFoundException` for a missing log stream.
    public static func streamNotFound(_ group: String, _ stream: String) -> LogsError {
        LogsError(code: "ResourceNotFoundException", message: "The specified log stream does not exist.")
    }

    /// `ResourceAlreadyExistsException` for a duplicate log group.
    public static func groupExists(_ name: String) -> LogsError {
        LogsError(code: "ResourceAlreadyExistsException", message: "The specified log group already exists")
    }

    /// `ResourceAlreadyExistsException` for a duplicate log stream.
    public static func streamExists(_ group: String, _ stream: String) -> LogsError {
        LogsError(code: "ResourceAlreadyExistsException", message: "The specified log stream already exists")
    }

    /// `InvalidParameterException` with a custom message.
    public static func invalidParameter(_ message: String) -> LogsError {
        LogsError(code: "InvalidParameterException", message: message)
    }

    public var description: String { "\(code): \(message)" }
}
