// libFuzzer entry point for the PostgreSQL wire protocol. Built by run.sh together with
// Sources/PGWire/Protocol and Connection (which import no C module), never by SwiftPM.

/// Feeds the input to a connection machine twice, in one piece and in fragments whose size comes
/// from the input, answering every backend request the same scripted way. Both runs must write
/// the same bytes and end in the same state; the binary decoders also get the input per type.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPGWire(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    let whole = WireRun.run(bytes, fragment: Int.max)
    let step = size > 0 ? Int(bytes[0] % 11) + 1 : 1
    let pieces = WireRun.run(bytes, fragment: step)
    // Plaintext pipelined after an SSLRequest is refused only when it arrived with it, so that
    // one outcome legitimately depends on the fragmentation.
    if !whole.pipelinedAfterSSL && !pieces.pipelinedAfterSSL {
        precondition(whole == pieces, "fragmented run differs")
    }
    for oid in [PGTypeOID.int2, PGTypeOID.int4, PGTypeOID.int8, PGTypeOID.float4, PGTypeOID.float8, PGTypeOID.numeric,
                PGTypeOID.date, PGTypeOID.timestamp, PGTypeOID.timestamptz, PGTypeOID.time, PGTypeOID.uuid,
                PGTypeOID.jsonb, PGTypeOID.text, PGTypeOID.bool, PGTypeOID.bytea] {
        if let text = try? PGBinaryCodec.decode(binary: bytes, oid: oid) {
            // What decodes must encode again (the codec's own output is valid input).
            _ = try? PGBinaryCodec.encode(text: text, oid: oid)
        }
    }
    if let text = String(validating: bytes, as: UTF8.self) {
        _ = PGStatementSplitter.split(text)
        _ = try? PGBinaryCodec.encode(text: text, oid: PGTypeOID.numeric)
        _ = try? PGBinaryCodec.encode(text: text, oid: PGTypeOID.timestamptz)
    }
    return 0
}

struct WireRun: Equatable {
    var output: [UInt8] = []
    var closed = false

    var pipelinedAfterSSL: Bool {
        let marker = Array("received unencrypted data after SSL request".utf8)
        guard output.count >= marker.count else { return false }
        return (0...(output.count - marker.count)).contains { output[$0..<($0 + marker.count)].elementsEqual(marker) }
    }

    static func run(_ input: [UInt8], fragment: Int) -> WireRun {
        var settings = PGConnectionMachine.Settings()
        settings.limits = PGWireLimits(maxMessageBytes: 8192, maxStartupBytes: 2048)
        // Half the inputs start as if TLS were done, so typed messages are reached quickly.
        var m = PGConnectionMachine(settings: settings, now: 0)
        var run = WireRun()
        // Odd first bytes: TLS is already up (the rest of the input starts at the startup packet).
        var offset = 0
        if input.first.map({ $0 & 1 == 1 }) == true {
            _ = m.bytesReceived([0, 0, 0, 8, 4, 210, 22, 47], now: 0)
            _ = m.tlsEstablished(serverName: "h", now: 0)
            run.output += m.takeOutput()
            offset = 1
        }
        var steps = 0
        while offset < input.count, !m.isClosed, steps < 100_000 {
            let n = min(fragment, input.count - offset)
            var actions = m.bytesReceived(Array(input[offset..<offset + n]), now: 0)
            offset += n
            while !m.isClosed, steps < 100_000 {
                steps += 1
                if actions.startTLS {
                    actions = m.tlsEstablished(serverName: "h", now: 0)
                } else if let request = actions.request {
                    actions = m.completed(answer(request), now: 0)
                } else {
                    break
                }
            }
            run.output += m.takeOutput()
        }
        _ = m.timerFired(now: UInt64.max / 2)
        run.output += m.takeOutput()
        run.closed = m.isClosed
        return run
    }

    static func answer(_ request: PGConnectionMachine.Request) -> PGConnectionMachine.Response {
        switch request {
        case .open(let startup):
            if startup.password.hasPrefix("bad") {
                return .failed(PGError(severity: "FATAL", sqlstate: "28P01", message: "no"), .idle)
            }
            return .opened(parameters: [("server_version", "16.15")])
        case .execute(let sql, let parameters):
            if sql.hasPrefix("x") { return .failed(PGError(sqlstate: "42601", message: "syntax"), .failed) }
            let columns = [PGColumn(name: "a", typeOID: PGTypeOID.int4), PGColumn(name: "b", typeOID: PGTypeOID.numeric)]
            let rows: [[String?]] = [["1", "1.5"], [nil, parameters.first?.text ?? "2"], ["3", "NaN"]]
            return .executed(PGResult(columns: columns, rows: rows, commandTag: "SELECT 3"), sql.hasPrefix("B") ? .inTransaction : .idle)
        case .describe(let sql, let types):
            let count = sql.filter { $0 == "$" }.count
            return .described(PGDescription(
                parameterTypes: (0..<count).map { $0 < types.count ? types[$0] : PGTypeOID.int4 },
                columns: [PGColumn(name: "a", typeOID: PGTypeOID.int4), PGColumn(name: "b", typeOID: PGTypeOID.numeric)]))
        case .cancel:
            return .failed(PGError(sqlstate: "57014", message: "cancel"), .idle)
        }
    }
}
