import Testing
@testable import PGWire

/// Drives the connection machine with bytes and backend answers, as the listener would.
@Suite("PGConnectionMachine")
struct PGConnectionMachineTests {
    static let second: UInt64 = 1_000_000_000

    /// A machine past TLS and startup, ready for queries.
    static func ready(requireSNI: Bool = false) -> PGConnectionMachine {
        var settings = PGConnectionMachine.Settings()
        settings.requireSNI = requireSNI
        settings.processID = 42
        settings.secretKey = 7
        var m = PGConnectionMachine(settings: settings, now: 0)
        var a = m.bytesReceived(PGFrontend.sslRequest, now: 0)
        #expect(a.startTLS)
        #expect(m.takeOutput() == [UInt8(ascii: "S")])
        a = m.tlsEstablished(serverName: "abc.dsql.us-east-1.on.aws", now: 0)
        a = m.bytesReceived(PGFrontend.startup([("user", "admin"), ("database", "postgres")]), now: 0)
        #expect(PGBackendReader.types(m.takeOutput()) == "R")
        a = m.bytesReceived(PGFrontend.password("token"), now: 0)
        guard case .open(let startup)? = a.request else { Issue.record("no open request"); return m }
        #expect(startup.user == "admin" && startup.password == "token" && startup.serverName == "abc.dsql.us-east-1.on.aws")
        _ = m.completed(.opened(parameters: [("server_version", "16.15")]), now: 0)
        #expect(PGBackendReader.types(m.takeOutput()) == "RSKZ")
        return m
    }

    @Test("startup without TLS is refused with DSQL's text")
    func plaintextRefused() {
        var m = PGConnectionMachine(settings: .init(), now: 0)
        let a = m.bytesReceived(PGFrontend.startup([("user", "admin")]), now: 0)
        #expect(a.close)
        let out = PGBackendReader.messages(m.takeOutput())
        #expect(out.map(\.0) == ["E"])
        let e = PGBackendReader.error(out[0].1)
        #expect(e.severity == "FATAL" && e.message == "unable to accept connection, ssl is required")
    }

    @Test("the shared port refuses TLS without SNI")
    func sniRequired() {
        var settings = PGConnectionMachine.Settings()
        settings.requireSNI = true
        var m = PGConnectionMachine(settings: settings, now: 0)
        _ = m.bytesReceived(PGFrontend.sslRequest, now: 0)
        _ = m.takeOutput()
        _ = m.tlsEstablished(serverName: nil, now: 0)
        let a = m.bytesReceived(PGFrontend.startup([("user", "admin")]), now: 0)
        #expect(a.close)
        let e = PGBackendReader.error(PGBackendReader.messages(m.takeOutput())[0].1)
        #expect(e.message == "unable to accept connection, sni was not received")
    }

    @Test("GSSENCRequest is answered N, then SSL goes on")
    func gssRefused() {
        var m = PGConnectionMachine(settings: .init(), now: 0)
        _ = m.bytesReceived(PGFrontend.gssRequest, now: 0)
        #expect(m.takeOutput() == [UInt8(ascii: "N")])
        #expect(m.bytesReceived(PGFrontend.sslRequest, now: 0).startTLS)
    }

    @Test("plaintext pipelined after SSLRequest is refused")
    func pipelinedPlaintext() {
        var m = PGConnectionMachine(settings: .init(), now: 0)
        let a = m.bytesReceived(PGFrontend.sslRequest + PGFrontend.startup([("user", "x")]), now: 0)
        #expect(a.close && !a.startTLS)
    }

    @Test("a failed authentication is a FATAL error and a close")
    func authFailure() {
        var m = PGConnectionMachine(settings: .init(), now: 0)
        _ = m.bytesReceived(PGFrontend.sslRequest, now: 0)
        _ = m.tlsEstablished(serverName: "h", now: 0)
        _ = m.bytesReceived(PGFrontend.startup([("user", "admin")]), now: 0)
        _ = m.bytesReceived(PGFrontend.password("bad"), now: 0)
        _ = m.takeOutput()
        let failure = PGError(severity: "FATAL", sqlstate: "28P01", message: "IAM authentication failed for user \"admin\"")
        let a = m.completed(.failed(failure, .idle), now: 0)
        #expect(a.close)
        #expect(PGBackendReader.error(PGBackendReader.messages(m.takeOutput())[0].1).message == failure.message)
    }

    @Test("a simple query with two statements runs them in order and reports status")
    func multiStatement() {
        var m = Self.ready()
        var a = m.bytesReceived(PGFrontend.query("BEGIN; SELECT 1"), now: 0)
        #expect(a.request == .execute(sql: "BEGIN", parameters: []))
        a = m.completed(.executed(PGResult(commandTag: "BEGIN"), .inTransaction), now: 0)
        #expect(a.request == .execute(sql: "SELECT 1", parameters: []))
        let result = PGResult(columns: [PGColumn(name: "x", typeOID: PGTypeOID.int4)], rows: [["1"]], commandTag: "SELECT 1")
        a = m.completed(.executed(result, .inTransaction), now: 0)
        let out = m.takeOutput()
        #expect(PGBackendReader.types(out) == "CTDCZ")
        #expect(PGBackendReader.messages(out).last!.1 == [UInt8(ascii: "T")])
    }

    @Test("an error stops a multi-statement query; ReadyForQuery says E inside a transaction")
    func errorStops() {
        var m = Self.ready()
        _ = m.bytesReceived(PGFrontend.query("SELECT x; SELECT 2"), now: 0)
        _ = m.completed(.failed(PGError(sqlstate: "42703", message: "column \"x\" does not exist"), .failed), now: 0)
        let out = m.takeOutput()
        #expect(PGBackendReader.types(out) == "EZ")
        #expect(PGBackendReader.messages(out).last!.1 == [UInt8(ascii: "E")])
    }

    @Test("extended query: Parse, Bind (binary int4), Describe, Execute with maxRows, Sync")
    func extended() {
        var m = Self.ready()
        var a = m.bytesReceived(PGFrontend.parse("s1", "SELECT $1"), now: 0)
        #expect(a.request == .describe(sql: "SELECT $1", parameterTypes: []))
        let columns = [PGColumn(name: "v", typeOID: PGTypeOID.int4)]
        a = m.completed(.described(PGDescription(parameterTypes: [PGTypeOID.int4], columns: columns)), now: 0)
        a = m.bytesReceived(
            PGFrontend.bind("", "s1", formats: [1], params: [PGFrontend.be32(5)], results: [1]) + PGFrontend.describe("P", "")
                + PGFrontend.execute("", 1) + PGFrontend.execute("", 0) + PGFrontend.sync, now: 0)
        #expect(a.request == .execute(sql: "SELECT $1", parameters: [PGParameter(text: "5", typeOID: PGTypeOID.int4)]))
        a = m.completed(.executed(PGResult(columns: columns, rows: [["5"], ["6"]], commandTag: "SELECT 2"), .idle), now: 0)
        let out = PGBackendReader.messages(m.takeOutput())
        #expect(String(out.map(\.0)) == "12TDsDCZ")
        #expect(out[3].1 == [0, 1, 0, 0, 0, 4, 0, 0, 0, 5])  // one binary int4 cell
    }

    @Test("an error in an extended sequence skips to Sync")
    func skipToSync() {
        var m = Self.ready()
        let a = m.bytesReceived(
            PGFrontend.bind("", "missing", params: []) + PGFrontend.execute("") + PGFrontend.sync + PGFrontend.query("SELECT 1"),
            now: 0)
        let out = PGBackendReader.messages(m.takeOutput())
        #expect(String(out.map(\.0)) == "EZ")
        #expect(PGBackendReader.error(out[0].1).code == "26000")
        #expect(a.request == .execute(sql: "SELECT 1", parameters: []))
    }

    @Test("bind with the wrong parameter count is 08P01 with PostgreSQL's text")
    func bindCount() {
        var m = Self.ready()
        _ = m.bytesReceived(PGFrontend.parse("", "SELECT $1"), now: 0)
        _ = m.completed(.described(PGDescription(parameterTypes: [PGTypeOID.int4], columns: [])), now: 0)
        _ = m.takeOutput()
        _ = m.bytesReceived(PGFrontend.bind("", "", params: []) + PGFrontend.sync, now: 0)
        let out = PGBackendReader.messages(m.takeOutput())
        #expect(PGBackendReader.error(out[0].1).message == "bind message supplies 0 parameters, but prepared statement \"\" requires 1")
    }

    @Test("a message stalled half-way closes after the message timeout; idle waits")
    func stall() {
        var m = Self.ready()
        #expect(m.nextDeadline == m.settings.maxLifetime)
        _ = m.bytesReceived(Array(PGFrontend.query("SELECT 1").prefix(6)), now: 5 * Self.second)
        #expect(m.nextDeadline == 5 * Self.second + m.settings.messageTimeout)
        let a = m.timerFired(now: 5 * Self.second + m.settings.messageTimeout)
        #expect(a.close)
        #expect(PGBackendReader.error(PGBackendReader.messages(m.takeOutput())[0].1).code == "08P01")
    }

    @Test("startup must finish within the startup timeout")
    func startupTimeout() {
        var m = PGConnectionMachine(settings: .init(), now: 0)
        _ = m.bytesReceived(PGFrontend.sslRequest, now: 0)
        #expect(m.nextDeadline == m.settings.startupTimeout)
        #expect(m.timerFired(now: m.settings.startupTimeout).close)
    }

    @Test("the 60-minute lifetime ends a connection, after a running statement")
    func lifetime() {
        var m = Self.ready()
        _ = m.bytesReceived(PGFrontend.query("SELECT 1"), now: 0)
        #expect(!m.timerFired(now: m.settings.maxLifetime).close)
        let a = m.completed(.executed(PGResult(commandTag: "SELECT 0"), .idle), now: m.settings.maxLifetime)
        #expect(a.close)
        #expect(PGBackendReader.types(m.takeOutput()) == "CZE")
    }

    @Test("CancelRequest asks for the cancel and closes")
    func cancel() {
        var m = PGConnectionMachine(settings: .init(), now: 0)
        let a = m.bytesReceived(PGFrontend.cancel(pid: 42, key: 7), now: 0)
        #expect(a.request == .cancel(processID: 42, secretKey: 7) && a.close)
    }

    @Test("an oversized message is FATAL 08P01 invalid message length")
    func oversized() {
        var m = Self.ready()
        let a = m.bytesReceived([UInt8(ascii: "Q")] + PGFrontend.be32(11 << 20), now: 0)
        #expect(a.close)
        let e = PGBackendReader.error(PGBackendReader.messages(m.takeOutput())[0].1)
        #expect(e.severity == "FATAL" && e.code == "08P01" && e.message == "invalid message length")
    }
}
