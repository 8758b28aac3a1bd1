import Observability

/// Thin alias over Observability's time formatting, so Lambda code reads naturally.
///
/// Exists to keep one place that decides how the Lambda module prints times.
enum ObservabilityTime {
    static func iso8601(_ milliseconds: Int64) -> String { LogTimeFormat.iso8601(milliseconds: milliseconds) }
    static func streamDate(_ milliseconds: Int64) -> String { LogTimeFormat.streamDate(milliseconds: milliseconds) }
}
