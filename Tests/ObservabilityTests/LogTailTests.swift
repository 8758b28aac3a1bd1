import Observability
import Testing

@Suite struct LogTailTests {
    let t: Int64 = 1_796_212_800_123  // 2026-12-02T12:00:00.123Z

    @Test func detailedLinesAreAWSLogsTailsFormat() {
        #expect(
            LogTail.line(timestamp: t, stream: "2026/12/02/[$LATEST]ab", message: "REPORT RequestId: x\n", format: .detailed)
                == "2026-12-02T12:00:00.123000+00:00 2026/12/02/[$LATEST]ab REPORT RequestId: x")
        // Python's isoformat leaves out a zero fraction.
        #expect(
            LogTail.line(timestamp: t - 123, stream: "s", message: "m", format: .detailed) == "2026-12-02T12:00:00+00:00 s m")
        #expect(LogTail.line(timestamp: t, stream: "s", message: "m", format: .short) == "2026-12-02T12:00:00 m")
    }

    @Test func sinceTakesDurationsAndTimes() {
        #expect(LogTail.since("5m", now: t) == t - 300_000)
        #expect(LogTail.since("2h", now: t) == t - 7_200_000)
        #expect(LogTail.since("1w", now: t) == t - 604_800_000)
        #expect(LogTail.since("30s", now: t) == t - 30_000)
        #expect(LogTail.since("2026-12-02T12:00:00Z", now: 0) == t - 123)
        #expect(LogTail.since("2026-12-02T12:00:00.123+00:00", now: 0) == t)
        #expect(LogTail.since("2026-12-02", now: 0) == t - 123 - 12 * 3_600_000)
        #expect(LogTail.since("5 minutes", now: t) == nil)
        #expect(LogTail.since("m", now: t) == nil)
        #expect(LogTail.since("2026-13-02", now: t) == nil)
    }
}

@Suite struct FilterPatternTests {
    let report = "REPORT RequestId: 1f\tDuration: 2.00 ms\tBilled Duration: 3 ms"

    @Test func termsQuotesOptionalsAndExclusions() throws {
        #expect(try FilterPattern.parse("").matches("anything"))
        #expect(try FilterPattern.parse("REPORT").matches(report))
        #expect(try !FilterPattern.parse("report").matches(report), "case-sensitive")
        #expect(try FilterPattern.parse("REPORT Duration").matches(report))
        #expect(try !FilterPattern.parse("REPORT Timeout").matches(report))
        #expect(try FilterPattern.parse(#""Billed Duration: 3""#).matches(report))
        #expect(try !FilterPattern.parse(#""Duration: 3""#).matches("Duration:  3"))
        #expect(try FilterPattern.parse("?ERROR ?REPORT").matches(report))
        #expect(try !FilterPattern.parse("?ERROR ?WARN").matches(report))
        #expect(try !FilterPattern.parse("REPORT -Billed").matches(report))
        #expect(try FilterPattern.parse("REPORT -Timeout").matches(report))
        #expect(try FilterPattern.parse(#""a \"quoted\" word""#).matches(#"a "quoted" word"#))
    }

    @Test func unsupportedAndMalformedPatternsAreInvalidParameters() {
        for pattern in ["{ $.level = \"ERROR\" }", "[ip, user, ...]", "%ERROR%", "\"open", "? "] {
            #expect(throws: LogsError.self, "\(pattern)") { try FilterPattern.parse(pattern) }
        }
        do {
            _ = try FilterPattern.parse("{ $.x = 1 }")
        } catch {
            #expect(error.code == "InvalidParameterException")
            #expect(error.message.contains("not implemented by this emulator"))
        }
    }
}
