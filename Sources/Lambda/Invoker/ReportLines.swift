import Foundation

/// The platform lines Lambda writes around each invocation, formatted exactly as AWS prints them.
///
/// `START RequestId: <id> Version: $LATEST`, `END RequestId: <id>`, and the tab-separated
/// `REPORT` line (`Init Duration` only on cold starts; billed duration is the duration rounded up
/// to the next millisecond).
public enum ReportLines {
    /// `START RequestId: <id> Version: <version>`.
    ///
    /// The platform lines are built by appending into one reserved string: they are written for
    /// every invocation, and interpolation cost several times as much.
    public static func start(requestID: String, version: String) -> String {
        var line = "START RequestId: "
        line.reserveCapacity(28 + requestID.utf8.count + version.utf8.count)
        line += requestID
        line += " Version: "
        line += version
        return line
    }

    /// `END RequestId: <id>`.
    public static func end(requestID: String) -> String {
        var line = "END RequestId: "
        line.reserveCapacity(16 + requestID.utf8.count)
        line += requestID
        return line
    }

    /// The `REPORT` line.
    public static func report(
        requestID: String, duration: Duration, memorySize: Int, maxMemoryUsedMB: Int, initDuration: Duration?
    ) -> String {
        var line = "REPORT RequestId: "
        line.reserveCapacity(160 + requestID.utf8.count)
        line += requestID
        line += "\tDuration: "
        line += milliseconds(duration)
        line += " ms\tBilled Duration: "
        line += String(billedMilliseconds(duration))
        line += " ms\tMemory Size: "
        line += String(memorySize)
        line += " MB\tMax Memory Used: "
        line += String(maxMemoryUsedMB)
        line += " MB"
        if let initDuration {
            line += "\tInit Duration: "
            line += milliseconds(initDuration)
            line += " ms"
        }
        return line
    }

    /// `Task timed out after N.NN seconds`.
    public static func timeoutMessage(seconds: Double) -> String {
        "Task timed out after \(String(format: "%.2f", seconds)) seconds"
    }

    /// `<ISO time> <id> Task timed out after N.NN seconds`, the log line of a timeout.
    public static func timeoutLine(timestamp: Int64, requestID: String, seconds: Double) -> String {
        "\(ObservabilityTime.iso8601(timestamp)) \(requestID) \(timeoutMessage(seconds: seconds))"
    }

    /// A duration in milliseconds with two decimals (as `%.2f` prints `millisecondsValue`).
    ///
    /// Whole-nanosecond durations under a million seconds are rounded in integers: such a value is
    /// at least 1 ns from a rounding boundary unless it sits exactly on one, far more than the
    /// Double's error, so the digits are `%.2f`'s. Exact ties and anything else go to `%.2f`.
    public static func milliseconds(_ duration: Duration) -> String {
        let parts = duration.components
        if parts.seconds >= 0, parts.seconds < 1_000_000, parts.attoseconds >= 0, parts.attoseconds % 1_000_000_000 == 0 {
            let nanos = parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
            let remainder = nanos % 10_000
            if remainder != 5_000 {
                let hundredths = nanos / 10_000 + (remainder > 5_000 ? 1 : 0)
                let fraction = hundredths % 100
                return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
            }
        }
        return String(format: "%.2f", millisecondsValue(duration))
    }

    /// A duration rounded up to whole milliseconds (at least 1).
    public static func billedMilliseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        let nanos = parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
        return max(1, (nanos + 999_999) / 1_000_000)
    }

    /// A duration in milliseconds as a Double.
    public static func millisecondsValue(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
