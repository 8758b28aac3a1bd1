import Determinism
import Foundation
import Testing
@testable import APIGateway

@Suite struct EncodingTests {
    @Test func queryStringEdgeCases() {
        let pairs = QueryString.parse("a=%zz&b=%4&c=%&=v&d=x=y&&e=%E2%82%AC&f=%ff")
        #expect(pairs.map(\.0) == ["a", "b", "c", "", "d", "e", "f"])
        #expect(pairs.map(\.1) == ["%zz", "%4", "%", "v", "x=y", "€", "\u{FFFD}"])
        #expect(QueryString.parse(nil).isEmpty && QueryString.parse("").isEmpty)
        #expect(QueryString.percentDecode("a+b%20c") == "a+b c", "percentDecode alone keeps +")
    }

    @Test func utcTimeAcrossLeapYearsAndBeforeTheEpoch() {
        let leap = UTCTime(epochMillis: 1_709_164_800_000)  // 2024-02-29T00:00:00Z
        #expect((leap.year, leap.month, leap.day) == (2024, 2, 29))
        #expect(UTCTime(epochMillis: 951_868_800_000).commonLogFormat == "01/Mar/2000:00:00:00 +0000")
        #expect(UTCTime(epochMillis: -1).commonLogFormat == "31/Dec/1969:23:59:59 +0000")
        #expect(UTCTime(epochMillis: 0).periodIndex(.week) == 0, "Thu 1970-01-01 is in the week of Mon 1969-12-29")
        #expect(UTCTime(epochMillis: 4 * 86_400_000).periodIndex(.week) == 1, "Mon 1970-01-05 starts the next week")
        // Every day of 2026 formats to the same date Foundation computes.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for day in 0..<365 {
            let millis = Int64(1_767_225_600_000) + Int64(day) * 86_400_000 + 45_296_000  // 2026-01-01 + day, 12:34:56
            let t = UTCTime(epochMillis: millis)
            let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(millis) / 1000))
            #expect((t.year, t.month, t.day) == (parts.year!, parts.month!, parts.day!), "day \(day)")
            #expect((t.hour, t.minute, t.second) == (12, 34, 56))
        }
    }

    @Test func commonLogFormatMatchesFoundationOverSeededTimes() {
        let seed: UInt64 = 20_261_125
        var rng = SeededGenerator(seed: seed)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")!
        formatter.dateFormat = "dd/MMM/yyyy:HH:mm:ss Z"
        for _ in 0..<2_000 {
            // 1600-01-01 .. 9999-12-31 in whole seconds (Foundation switches to the Julian
            // calendar before 1582; UTCTime is proleptic Gregorian).
            let seconds = Int64.random(in: -11_676_096_000 ... 253_402_300_799, using: &rng)
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
            #expect(UTCTime(epochMillis: seconds * 1000 + 999).commonLogFormat == expected, "seed \(seed), t \(seconds)")
        }
        #expect(UTCTime(epochMillis: -62_135_596_800_000).commonLogFormat == "01/Jan/1:00:00:00 +0000", "outside 4 digits")
    }

    @Test func jsonEscaping() {
        let value = JSONValue.object([
            ("s", .string("quote\" back\\ nl\n tab\t bell\u{07} é /")), ("n", .null), ("b", .bool(true)), ("i", .int(-5)),
            ("a", .array([.int(1), .string("x")])),
        ])
        #expect(value.text == #"{"s":"quote\" back\\ nl\n tab\t bell\u0007 é /","n":null,"b":true,"i":-5,"a":[1,"x"]}"#)
        let parsed = try? JSONSerialization.jsonObject(with: Data(value.bytes)) as? [String: Any]
        #expect(parsed?["s"] as? String == "quote\" back\\ nl\n tab\t bell\u{07} é /")
    }

    @Test func headerLookupIsCaseInsensitive() {
        let headers = [HeaderField("Accept", "a"), HeaderField("ACCEPT", "b"), HeaderField("X", "1")]
        #expect(headers.lastValue("accept") == "b")
        #expect(headers.values("Accept") == ["a", "b"])
        #expect(headers.lastValue("missing") == nil)
        #expect(GatewayRequest.splitTarget("/prod/users?x=1?y").path == "/prod/users")
        #expect(GatewayRequest.splitTarget("/prod/users?x=1?y").query == "x=1?y")
        #expect(GatewayRequest.splitTarget("/prod").query == nil)
    }

    @Test func binaryMediaTypeMatching() {
        #expect(ProxyEvent.isBinary(contentType: "image/png; charset=x", binaryMediaTypes: ["IMAGE/PNG"]))
        #expect(ProxyEvent.isBinary(contentType: "application/octet-stream", binaryMediaTypes: ["application/*"]))
        #expect(!ProxyEvent.isBinary(contentType: "text/plain", binaryMediaTypes: ["application/*"]))
        #expect(!ProxyEvent.isBinary(contentType: nil, binaryMediaTypes: ["image/png"]))
        #expect(ProxyEvent.isBinary(contentType: nil, binaryMediaTypes: ["*/*"]))
        #expect(!ProxyEvent.isBinary(contentType: "image/png", binaryMediaTypes: []))
    }
}
