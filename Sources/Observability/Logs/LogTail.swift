/// What `aws logs tail` prints, for `regionstack logs tail` (AWS CLI v1 has no `logs tail`).
///
/// The same two formats as AWS CLI v2: `detailed` (the default), `<timestamp> <stream> <message>`
/// with Python's `datetime.isoformat()` of the UTC time (`2026-12-02T12:00:00.123000+00:00`,
/// microseconds left out when zero); `short`, `<YYYY-MM-DDTHH:MM:SS> <message>` (UTC here; the
/// CLI uses local time). `--since` takes what the CLI takes: a number and one of `s m h d w`, or
/// an ISO 8601 UTC time.
public enum LogTail {
    /// The output format.
    public enum Format: String, Sendable, CaseIterable {
        case detailed
        case short
    }

    /// One event as a line (without the newline; one trailing newline of the message is dropped).
    public static func line(timestamp: Int64, stream: String, message: String, format: Format) -> String {
        var text = message
        if text.hasSuffix("\n") { text.removeLast() }
        let iso = LogTimeFormat.iso8601(milliseconds: timestamp)  // 2026-12-02T12:00:00.123Z
        switch format {
        case .detailed:
            let millis = iso.dropFirst(20).prefix(3)
            let fraction = millis == "000" ? "" : ".\(millis)000"
            return "\(iso.prefix(19))\(fraction)+00:00 \(stream) \(text)"
        case .short:
            return "\(iso.prefix(19)) \(text)"
        }
    }

    /// The start time `--since` means at `now` (epoch ms), nil when it is malformed.
    public static func since(_ text: String, now: Int64) -> Int64? {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800]
        if let unit = text.last, let factor = units[unit], let n = Int64(text.dropLast()), n >= 0 {
            return now - n * factor * 1000
        }
        return LogTimeFormat.parseISO8601(text)
    }
}
