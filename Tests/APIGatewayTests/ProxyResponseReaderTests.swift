import Determinism
import Foundation
import Testing

@testable import APIGateway

/// The byte-level proxy response reader against Foundation's `JSONSerialization` path: every
/// payload must give the same `ProxyResponse` (or the same nil, 502) both ways.
@Suite struct ProxyResponseReaderTests {
    /// Payloads the fast reader accepts itself.
    static let accepted: [String] = [
        #"{"statusCode":200}"#,
        #"  {"statusCode" : 201 , "body" : "x" }  "#,
        "{\n\t\"statusCode\": 204,\r\n \"headers\": null, \"multiValueHeaders\": null, \"body\": null, \"isBase64Encoded\": null}",
        #"{"statusCode": 200, "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"}, "body": "{\"users\": [], \"count\": 0}"}"#,
        #"{"statusCode":200,"headers":{"X-Count":3,"X-Neg":-12,"X-Zero":0,"X-Flag":true,"X-Off":false},"body":""}"#,
        #"{"statusCode":200,"multiValueHeaders":{"Set-Cookie":["a=1","b=2"],"X-Empty":[],"X-N":[1,true]}}"#,
        #"{"statusCode":200,"headers":{"A":"1","B":"2"},"multiValueHeaders":{"B":["x","y"]}}"#,
        #"{"body":"esc \" \\ \/ \b \f \n \r \t end","statusCode":500}"#,
        #"{"statusCode":200,"body":"\u00e9\u20AC\ud83d\ude00 \u0041\u0000"}"#,
        #"{"statusCode":200,"body":"aGVsbG8=","isBase64Encoded":true}"#,
        #"{"statusCode":200,"body":"aGVsbG8=","isBase64Encoded":false}"#,
        #"{"statusCode":200,"headers":{},"multiValueHeaders":{}}"#,
        #"{"statusCode":599,"headers":{"x-big":999999999999999}}"#,
        #"{"statusCode":100}"#,
        #"{"statusCode":42}"#,
        #"{"statusCode":200,"body":"\"\"x\\","headers":{"B":"2","a":"1","C":"\"q\""}}"#,
        #"{"statusCode":99}"#,
        #"{"statusCode":600}"#,
        #"{"statusCode":-0}"#,
        #"{"stat\u0075sCode":200}"#,
        #"{"statusCode":200,"body":"not base64!","isBase64Encoded":true}"#,
    ]

    /// Payloads the reader leaves to Foundation (malformed ones, and valid but unusual ones).
    static let delegated: [String] = [
        "", "not json", "[1,2]", "\"text\"", "{}", "null", "{", "{\"statusCode\":200", "{\"statusCode\":200}x",
        #"{"body":"x"}"#, #"{"statusCode":"200"}"#, #"{"statusCode":200.5}"#, #"{"statusCode":200.0}"#, #"{"statusCode":2e2}"#,
        #"{"statusCode":0200}"#, #"{"statusCode":true}"#, #"{"statusCode":200,"body":{"a":1}}"#, #"{"statusCode":200,"body":5}"#,
        #"{"statusCode":200,"headers":{"X":{"nested":1}}}"#, #"{"statusCode":200,"headers":[]}"#,
        #"{"statusCode":200,"headers":{"X":null}}"#, #"{"statusCode":200,"headers":{"X":1.5}}"#,
        #"{"statusCode":200,"headers":{"X":1e20}}"#, #"{"statusCode":200,"headers":{"X":1234567890123456}}"#,
        #"{"statusCode":200,"multiValueHeaders":{"X":"notalist"}}"#, #"{"statusCode":200,"multiValueHeaders":{"X":[null]}}"#,
        #"{"statusCode":200,"isBase64Encoded":"yes"}"#, #"{"statusCode":200,"isBase64Encoded":1}"#,
        #"{"statusCode":200,"cookies":["a=1"]}"#, #"{"statusCode":200,"statusCode":201}"#,
        #"{"statusCode":200,"headers":{"A":"1","A":"2"}}"#, #"{"statusCode":200,"body":"caf\#u{E9}"}"#,
        #"{"statusCode":200,"body":"\ud83d"}"#, #"{"statusCode":200,"body":"\ude00"}"#, #"{"statusCode":200,"body":"\x"}"#,
        "{\"statusCode\":200,\"body\":\"tab\there\"}", #"{"statusCode":200,"body":"\u12"}"#, #"{"statusCode":nul}"#,
        #"{"statusCode":200,"body":nullx}"#, #"{"statusCode":200,"isBase64Encoded":truex}"#, #"{"statusCode":200,}"#,
        #"{"statusCode":200 "body":"x"}"#, #"{"statusCode":-}"#, "\u{FEFF}{\"statusCode\":200}",
    ]

    @Test func acceptedShapesAreReadWithoutFoundationAndMatchIt() throws {
        for text in Self.accepted {
            let bytes = Array(text.utf8)
            #expect(ProxyResponseReader.read(bytes) != nil, "reader should accept: \(text)")
            for decode in [false, true] {
                let fast = ProxyResponse.parse(bytes, decodeBase64: decode)
                let reference = ProxyResponse.parseWithFoundation(bytes, decodeBase64: decode)
                #expect(fast == reference, "\(text) decodeBase64=\(decode)")
            }
        }
    }

    @Test func unusualAndMalformedPayloadsGoToFoundationWithTheSameAnswer() {
        for text in Self.delegated {
            let bytes = Array(text.utf8)
            #expect(ProxyResponseReader.read(bytes) == nil, "reader should delegate: \(text)")
            #expect(ProxyResponse.parse(bytes, decodeBase64: false) == ProxyResponse.parseWithFoundation(bytes, decodeBase64: false), "\(text)")
        }
    }

    @Test func readsEscapesUnicodeAndScalarsExactly() throws {
        let fields = try #require(ProxyResponseReader.read(Array(
            #"{"statusCode":201,"headers":{"X-N":-7,"X-T":true},"multiValueHeaders":{"M":["a",2,false]},"body":"q\"\\\/\n\u00e9\ud83d\ude00","isBase64Encoded":false}"#.utf8)))
        #expect(fields.statusCode == 201)
        #expect(fields.headers?.map { "\($0.0)=\($0.1)" } == ["X-N=-7", "X-T=true"])
        #expect(fields.multiValueHeaders?.map { "\($0.0)=\($0.1)" } == [#"M=["a", "2", "false"]"#])
        #expect(fields.body == "q\"\\/\n\u{E9}\u{1F600}")
        #expect(fields.isBase64Encoded == false)
    }

    @Test func seededRandomDocumentsMatchFoundation() {
        // Random documents over the accepted grammar plus random corruptions; both paths must agree.
        let seed: UInt64 = 20_261_125
        var rng = SeededGenerator(seed: seed)
        let pieces = ["a", "Z", "0", " ", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\u00e9", "\\u20ac", "\\ud83d\\ude00", "{", "}", ":", ","]
        func randomString() -> String {
            "\"" + (0..<Int(rng.next() % 6)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined() + "\""
        }
        func randomScalar() -> String {
            switch rng.next() % 4 {
            case 0: return randomString()
            case 1: return String(Int(rng.next() % 2000) - 1000)
            case 2: return rng.next() % 2 == 0 ? "true" : "false"
            default: return "null"
            }
        }
        var readFast = 0
        for round in 0..<400 {
            var members: [String] = []
            if rng.next() % 8 != 0 { members.append("\"statusCode\": \(Int(rng.next() % 700))") }
            if rng.next() % 2 == 0 {
                let n = Int(rng.next() % 4)
                members.append("\"headers\": {" + (0..<n).map { "\"H\($0)\": \(randomScalar())" }.joined(separator: ", ") + "}")
            }
            if rng.next() % 2 == 0 {
                let n = Int(rng.next() % 3)
                members.append("\"multiValueHeaders\": {" + (0..<n).map { i in
                    "\"M\(i)\": [" + (0..<Int(rng.next() % 3)).map { _ in randomScalar() }.joined(separator: ",") + "]"
                }.joined(separator: ", ") + "}")
            }
            if rng.next() % 3 != 0 { members.append("\"body\": " + (rng.next() % 5 == 0 ? "null" : randomString())) }
            if rng.next() % 3 == 0 { members.append("\"isBase64Encoded\": " + randomScalar()) }
            members.shuffle(using: &rng)
            var bytes = Array(("{" + members.joined(separator: ", ") + "}").utf8)
            if rng.next() % 5 == 0, !bytes.isEmpty {
                bytes[Int(rng.next() % UInt64(bytes.count))] = [UInt8(ascii: "\""), UInt8(ascii: "}"), 0x01, 0xC3][Int(rng.next() % 4)]
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if ProxyResponseReader.read(bytes) != nil { readFast += 1 }
            #expect(
                ProxyResponse.parse(bytes, decodeBase64: false) == ProxyResponse.parseWithFoundation(bytes, decodeBase64: false),
                "seed \(seed) round \(round): \(text)")
        }
        #expect(readFast > 100, "seed \(seed): most documents should exercise the fast reader (\(readFast) did)")
    }
}
