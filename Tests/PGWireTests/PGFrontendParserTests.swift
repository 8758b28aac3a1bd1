import Determinism
import Testing
@testable import PGWire

@Suite("PGFrontendParser")
struct PGFrontendParserTests {
    @Test("startup packet, SSLRequest, GSSENCRequest and CancelRequest")
    func startupPackets() throws {
        var p = PGFrontendParser()
        p.append(PGFrontend.sslRequest + PGFrontend.gssRequest + PGFrontend.cancel(pid: 7, key: -3))
        #expect(try p.next() == .sslRequest)
        #expect(try p.next() == .gssEncRequest)
        #expect(try p.next() == .cancelRequest(processID: 7, secretKey: -3))
        p.append(PGFrontend.startup([("user", "admin"), ("database", "postgres")]))
        #expect(try p.next() == .startup(protocolVersion: 196_608, parameters: ["user": "admin", "database": "postgres"]))
        #expect(p.expectStartup == false)
    }

    @Test("every message split at every byte boundary decodes the same")
    func splitAnywhere() throws {
        let stream = PGFrontend.query("SELECT 1") + PGFrontend.parse("s", "SELECT $1", [23])
            + PGFrontend.bind("", "s", formats: [1], params: [PGFrontend.be32(5), nil], results: [1])
            + PGFrontend.describe("P", "") + PGFrontend.execute("", 10) + PGFrontend.sync + PGFrontend.terminate
        var whole = PGFrontendParser()
        whole.expectStartup = false
        whole.append(stream)
        var expected: [PGFrontendMessage] = []
        while let m = try whole.next() { expected.append(m) }
        #expect(expected.count == 7)
        for cut in 0...stream.count {
            var p = PGFrontendParser()
            p.expectStartup = false
            var got: [PGFrontendMessage] = []
            p.append(Array(stream[..<cut]))
            while let m = try p.next() { got.append(m) }
            p.append(Array(stream[cut...]))
            while let m = try p.next() { got.append(m) }
            #expect(got == expected, "cut at \(cut)")
        }
    }

    @Test("an oversized or undersized length is a FATAL invalid message length")
    func lengths() {
        var p = PGFrontendParser()
        p.expectStartup = false
        p.append([UInt8(ascii: "Q")] + PGFrontend.be32(10 << 20 + 1))
        #expect(throws: PGError.protocolViolation("invalid message length")) { try p.next() }
        var q = PGFrontendParser()
        q.expectStartup = false
        q.append([UInt8(ascii: "Q")] + PGFrontend.be32(3))
        #expect(throws: PGError.protocolViolation("invalid message length")) { try q.next() }
        var s = PGFrontendParser()
        s.append(PGFrontend.be32(20_000))
        #expect(throws: PGError.protocolViolation("invalid length of startup packet")) { try s.next() }
    }

    @Test("an unknown message type is refused at its first byte")
    func unknownType() {
        var p = PGFrontendParser()
        p.expectStartup = false
        p.append([UInt8(ascii: "Z")])
        #expect(throws: PGError.protocolViolation("invalid frontend message type 90")) { try p.next() }
    }

    @Test("malformed contents and invalid UTF-8 are errors the connection survives")
    func contents() throws {
        var p = PGFrontendParser()
        p.expectStartup = false
        p.append(PGFrontend.typed("Q", Array("no terminator".utf8)))
        guard case .invalid(let e, let extended)? = try p.next() else { Issue.record("expected invalid"); return }
        #expect(e.sqlstate == "08P01" && !e.isFatal && !extended)
        p.append(PGFrontend.typed("Q", [0xC3, 0x28, 0]))
        guard case .invalid(let u, _)? = try p.next() else { Issue.record("expected invalid"); return }
        #expect(u.sqlstate == "22021")
        #expect(u.message == "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28")
        p.append(PGFrontend.typed("E", PGFrontend.cstr("") + [0, 0]))
        guard case .invalid(let t, true)? = try p.next() else { Issue.record("expected invalid"); return }
        #expect(t.message == "invalid message format")
    }

    @Test("random bytes never trap: each step returns, throws, or waits")
    func randomBytes() {
        var rng = SeededGenerator(seed: 12)
        for round in 0..<2000 {
            var p = PGFrontendParser(limits: PGWireLimits(maxMessageBytes: 4096, maxStartupBytes: 512))
            p.expectStartup = round % 2 == 0
            let n = Int.random(in: 0..<200, using: &rng)
            p.append((0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) })
            for _ in 0..<50 {
                guard let m = try? p.next() else { break }
                _ = m
            }
        }
    }
}
