import JSONLexing
import Testing

/// JSON whitespace is exactly space, tab, LF and CR; literals match whole words in place.
@Suite struct JSONScanTests {
    @Test func skipSpaceStopsAtTheFirstNonWhitespaceByte() {
        let bytes = Array(" \t\r\n\u{0C}x".utf8)
        var i = 0
        JSONScan.skipSpace(bytes, at: &i)
        #expect(i == 4, "form feed is not JSON whitespace")
        var end = bytes.count
        JSONScan.skipSpace(bytes, at: &end)
        #expect(end == bytes.count)
    }

    @Test func literalsMatchInPlaceOrLeaveTheIndex() {
        let bytes = Array("xnull,tru".utf8)
        var i = 1
        #expect(JSONScan.takeLiteral("null", in: bytes, at: &i))
        #expect(i == 5)
        #expect(!JSONScan.takeLiteral("null", in: bytes, at: &i))
        #expect(i == 5)
        i = 6
        #expect(!JSONScan.takeLiteral("true", in: bytes, at: &i), "cut off at the end")
        #expect(i == 6)
    }
}
