/// An error the wire protocol reports to a PostgreSQL client: severity, SQLSTATE, message.
///
/// It exists so the parser, the connection machine and backends all speak one error shape that
/// maps onto ErrorResponse fields (`S`, `V`, `C`, `M`, `D`); `fatal` errors close the connection.
public struct PGError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `ERROR`, `FATAL` or `PANIC` (PostgreSQL's non-localized severity).
    public var severity: String
    /// The five-character SQLSTATE.
    public var sqlstate: String
    public var message: String
    public var detail: String?
    public var hint: String?

    public init(severity: String = "ERROR", sqlstate: String, message: String, detail: String? = nil, hint: String? = nil) {
        self.severity = severity
        self.sqlstate = sqlstate
        self.message = message
        self.detail = detail
        self.hint = hint
    }

    /// True when the connection must close after this error.
    public var isFatal: Bool { severity == "FATAL" || severity == "PANIC" }

    public var description: String { "\(severity): \(message) (SQLSTATE \(sqlstate))" }

    /// This error with severity FATAL.
    public var fatal: PGError {
        var copy = self
        copy.severity = "FATAL"
        return copy
    }

    /// `08P01` protocol violation.
    public static func protocolViolation(_ message: String, fatal: Bool = true) -> PGError {
        PGError(severity: fatal ? "FATAL" : "ERROR", sqlstate: "08P01", message: message)
    }
}
