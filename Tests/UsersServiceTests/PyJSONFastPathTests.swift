import Testing

@testable import UsersService

/// The partial event parse and the byte-level writer against the full parse and known texts.
struct PyJSONFastPathTests {
    static let keys = ["httpMethod", "path", "body"]

    /// Documents with and without errors, top-level objects or not, errors inside skipped members.
    static let documents: [String] = [
        #"{"httpMethod":"GET","path":"/health","headers":{"a":"b","c":["d",1,2.5e3,null,true,false]},"body":null}"#,
        #"{"resource":"/users","requestContext":{"identity":{"x":[[],{},[{"y":NaN}]]},"n":-Infinity},"httpMethod":"POST","body":"{\"name\": \"x\"}","path":"/users"}"#,
        #"{"path":"/a","path":"/b","headers":{"k":"\ud83d\ude00 \u00e9 \ud800 x"}}"#,
        #"{}"#, #"  {"other": 1}  "#, "[1,2,3]", "\"text\"", "12", "null", "NaN",
        #"{"headers":{"a":"raw"#, "{\"headers\":{\"a\":\"ctl\u{01}\"}}", #"{"headers":{"a":"\x"}}"#,
        #"{"headers":{"a":"\u12G4"}}"#, #"{"headers":{"a":"\ud800\uZZZZ"}}"#, #"{"headers":{"a" 1}}"#,
        #"{"headers":{1:2}}"#, #"{"headers":[1 2]}"#, #"{"headers":[1,]}"#, #"{"headers":01}"#, #"{"headers":-}"#,
        #"{"headers":tru}"#, #"{"headers":{"a":1}"#, #"{"body":"x"} extra"#, #"{"body":"x",}"#, "{\"headers\":\"unterminated",
        String(repeating: "[", count: 600), "{\"deep\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}",
        #"{"httpMethod":{"nested":[1,{"a":"b"}]},"path":["x"],"body":{"name":"n"}}"#,
    ]

    @Test func partialParseAgreesWithTheFullParse() {
        for text in Self.documents {
            let bytes = Array(text.utf8)
            let full: Result<PyJSON, PyJSONParser.Failure> = Result { () throws(PyJSONParser.Failure) in try PyJSONParser.parse(bytes) }
            let partial: Result<PyJSON, PyJSONParser.Failure> = Result { () throws(PyJSONParser.Failure) in
                try PyJSONParser.parse(bytes, keepingTopLevelKeys: Self.keys)
            }
            switch (full, partial) {
            case (.success(let f), .success(let p)):
                if case .object(let pairs) = f {
                    #expect(p == .object(pairs.filter { Self.keys.contains($0.0) }), "\(text)")
                    for key in Self.keys { #expect(p[key] == f[key], "\(text) [\(key)]") }
                } else {
                    #expect(p == f, "\(text)")
                }
            case (.failure(let f), .failure(let p)):
                #expect(f.reason == p.reason, "\(text)")
            default:
                Issue.record("full \(full) vs partial \(partial) for \(text)")
            }
        }
    }

    @Test func writerEscapesLikeEnsureASCII() {
        let value = PyJSON.object([
            ("s", .string("q\" b\\ n\n r\r t\t b\u{08} f\u{0C} c\u{01} del\u{7F} é € 😀 ~")),
            ("n", .array([.int(0), .int(-5), .int(1234567890), .double(1.5), .double(.nan), .double(-.infinity), .null, .bool(true)])),
            ("o", .object([])), ("a", .array([])),
        ])
        let expected =
            #"{"s": "q\" b\\ n\n r\r t\t b\b f\f c\u0001 del\u007f \u00e9 \u20ac \ud83d\ude00 ~", "n": [0, -5, 1234567890, 1.5, NaN, -Infinity, null, true], "o": {}, "a": []}"#
        #expect(value.text == expected)
        #expect(value.utf8 == Array(expected.utf8))
    }

    @Test func replyDocumentBytesEqualTheDocumentText() {
        let bodies: [PyJSON] = [
            .object([("message", .string("ok"))]),
            .object([("users", .array([.object([("name", .string("Zoë \"Z\" \\ 😀"))])])), ("count", .int(1))]),
            .string("plain"), .null, .object([]),
        ]
        for status in [200, 201, 404, 500] {
            for body in bodies {
                let reply = ProxyReply(status, body)
                #expect(reply.documentUTF8 == Array(reply.document.text.utf8), "\(status) \(body.text)")
            }
        }
    }
}
