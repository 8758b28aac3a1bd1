import Glibc

/// A socket-level failure with the call that failed and its errno.
///
/// One error type for every listener built on `POSIX` (HTTP calls it `HTTPSocketError`).
public struct SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system call or step that failed, e.g. `bind`.
    public var operation: String
    /// The errno value.
    public var code: Int32

    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    /// Captures `errno` for a failed operation.
    public static func last(_ operation: String) -> SocketError {
        SocketError(operation: operation, code: errno)
    }

    public var description: String {
        "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
