/// Ready phase: message dispatch and the simple query protocol.
extension PGConnectionMachine {
    mutating func handleReady(_ message: PGFrontendMessage) -> Actions {
        if skipToSync {
            // After an error in an extended-query sequence, everything up to Sync is discarded.
            switch message {
            case .sync:
                skipToSync = false
                writer.readyForQuery(status)
                return Actions()
            case .terminate:
                phase = .closed
                return Actions(close: true)
            default:
                return Actions()
            }
        }
        switch message {
        case .query(let sql): return simpleQuery(sql)
        case .parse(let name, let query, let types): return parse(name: name, sql: query, types: types)
        case .bind(let portal, let statement, let formats, let parameters, let resultFormats):
            bind(portal: portal, statement: statement, formats: formats, parameters: parameters, resultFormats: resultFormats)
            return Actions()
        case .describe(let kind, let name):
            describe(kind: kind, name: name)
            return Actions()
        case .execute(let portal, let maxRows): return execute(portal: portal, maxRows: maxRows)
        case .close(let kind, let name):
            if kind == UInt8(ascii: "S") { statements[name] = nil } else { portals[name] = nil }
            writer.closeComplete()
            return Actions()
        case .sync:
            writer.readyForQuery(status)
            return Actions()
        case .flush:
            return Actions()
        case .terminate:
            phase = .closed
            return Actions(close: true)
        case .invalid(let error, let extended):
            writer.error(error)
            if extended { skipToSync = true } else { writer.readyForQuery(status) }
            return Actions()
        case .password:
            return fail(.protocolViolation("unexpected password message"))
        case .startup, .sslRequest, .gssEncRequest, .cancelRequest:
            return fail(.protocolViolation("unexpected startup message"))
        }
    }

    mutating func simpleQuery(_ sql: String) -> Actions {
        // The unnamed statement and portal do not survive a simple query.
        statements[""] = nil
        portals[""] = nil
        var pieces = PGStatementSplitter.split(sql)
        guard !pieces.isEmpty else {
            writer.emptyQueryResponse()
            writer.readyForQuery(status)
            return Actions()
        }
        let first = pieces.removeFirst()
        busy = .simple(remaining: pieces)
        return Actions(request: .execute(sql: first, parameters: []))
    }

    /// Writes one statement's result; returns the request for the next statement, if any.
    mutating func completeSimple(_ response: Response, remaining: [String]) -> Actions? {
        switch response {
        case .executed(let result, let newStatus):
            status = newStatus
            writeResult(result, columns: result.columns, formats: [], maxRows: 0, describeRows: true)
            if let next = remaining.first {
                busy = .simple(remaining: Array(remaining.dropFirst()))
                return Actions(request: .execute(sql: next, parameters: []))
            }
            writer.readyForQuery(status)
        case .failed(let error, let newStatus):
            status = newStatus
            writer.error(error)
            if error.isFatal {
                phase = .closed
                return nil
            }
            writer.readyForQuery(status)
        default:
            writer.error(.protocolViolation("internal: unexpected backend answer to a query", fatal: false))
            writer.readyForQuery(status)
        }
        return nil
    }

    /// Notices, RowDescription (simple protocol only), DataRows in the requested formats and the
    /// command tag. Returns rows not sent when `maxRows` cut the result short.
    @discardableResult
    mutating func writeResult(_ result: PGResult, columns: [PGColumn], formats: [Int16], maxRows: Int32,
                              describeRows: Bool) -> [[String?]]? {
        for notice in result.notices { writer.notice(notice) }
        if describeRows && !result.columns.isEmpty { writer.rowDescription(result.columns, formats: []) }
        let limit = maxRows > 0 ? Int(maxRows) : Int.max
        var sent = 0
        for row in result.rows {
            if sent == limit { return Array(result.rows[sent...]) }
            writeRow(row, columns: columns, formats: formats)
            sent += 1
        }
        writer.commandComplete(result.commandTag)
        return nil
    }

    mutating func writeRow(_ row: [String?], columns: [PGColumn], formats: [Int16]) {
        var cells: [[UInt8]?] = []
        cells.reserveCapacity(row.count)
        for (i, value) in row.enumerated() {
            guard let value else { cells.append(nil); continue }
            if PGMessageWriter.format(formats, i) == 1, i < columns.count,
                let binary = try? PGBinaryCodec.encode(text: value, oid: columns[i].typeOID) {
                cells.append(binary)
            } else {
                cells.append(Array(value.utf8))
            }
        }
        writer.dataRow(cells)
    }
}
