/// The extended query protocol: Parse, Bind, Describe, Execute (Close, Sync and Flush are in
/// the dispatch).
extension PGConnectionMachine {
    /// Writes an error and discards messages until Sync.
    mutating func extendedError(_ error: PGError) {
        writer.error(error)
        skipToSync = true
    }

    mutating func parse(name: String, sql: String, types: [Int32]) -> Actions {
        if !name.isEmpty, statements[name] != nil {
            extendedError(PGError(sqlstate: "42P05", message: "prepared statement \"\(name)\" already exists"))
            return Actions()
        }
        let pieces = PGStatementSplitter.split(sql)
        if pieces.count > 1 {
            extendedError(PGError(sqlstate: "42601", message: "cannot insert multiple commands into a prepared statement"))
            return Actions()
        }
        guard let only = pieces.first else {
            statements[name] = Prepared(sql: "", parameterTypes: types, columns: [])
            writer.parseComplete()
            return Actions()
        }
        busy = .parse(name: name, sql: only)
        return Actions(request: .describe(sql: only, parameterTypes: types))
    }

    mutating func completeParse(_ response: Response, name: String, sql: String) {
        switch response {
        case .described(let description):
            statements[name] = Prepared(sql: sql, parameterTypes: description.parameterTypes, columns: description.columns)
            writer.parseComplete()
        case .failed(let error, let newStatus):
            status = newStatus
            extendedError(error)
        default:
            extendedError(.protocolViolation("internal: unexpected backend answer to Parse", fatal: false))
        }
    }

    static func missingStatement(_ name: String) -> PGError {
        name.isEmpty
            ? PGError(sqlstate: "26000", message: "unnamed prepared statement does not exist")
            : PGError(sqlstate: "26000", message: "prepared statement \"\(name)\" does not exist")
    }

    static func missingPortal(_ name: String) -> PGError {
        PGError(sqlstate: "34000", message: "portal \"\(name)\" does not exist")
    }

    mutating func bind(portal: String, statement: String, formats: [Int16], parameters: [[UInt8]?], resultFormats: [Int16]) {
        guard let prepared = statements[statement] else { return extendedError(Self.missingStatement(statement)) }
        if !portal.isEmpty, portals[portal] != nil {
            return extendedError(PGError(sqlstate: "42P03", message: "cursor \"\(portal)\" already exists"))
        }
        let required = prepared.parameterTypes.count
        guard parameters.count == required || (prepared.sql.isEmpty && parameters.isEmpty) else {
            return extendedError(.protocolViolation(
                "bind message supplies \(parameters.count) parameters, but prepared statement \"\(statement)\" requires \(required)",
                fatal: false))
        }
        guard formats.count <= 1 || formats.count == parameters.count else {
            return extendedError(.protocolViolation(
                "bind message has \(formats.count) parameter formats but \(parameters.count) parameters", fatal: false))
        }
        guard resultFormats.count <= 1 || resultFormats.count == prepared.columns.count else {
            return extendedError(.protocolViolation(
                "bind message has \(resultFormats.count) result formats but query has \(prepared.columns.count) columns",
                fatal: false))
        }
        var values: [PGParameter] = []
        for (i, raw) in parameters.enumerated() {
            let oid = i < prepared.parameterTypes.count ? prepared.parameterTypes[i] : PGTypeOID.text
            guard let raw else {
                values.append(PGParameter(text: nil, typeOID: oid))
                continue
            }
            do throws(PGError) {
                if PGMessageWriter.format(formats, i) == 1 {
                    values.append(PGParameter(text: try PGBinaryCodec.decode(binary: raw, oid: oid), typeOID: oid))
                } else {
                    values.append(PGParameter(text: try PGByteCursor.utf8(raw[...]), typeOID: oid))
                }
            } catch {
                var e = error
                if e.sqlstate == "22P03" || e.sqlstate == "22P02" {
                    e.message = "incorrect binary data format in bind parameter \(i + 1)"
                    e.sqlstate = "22P03"
                }
                return extendedError(e)
            }
        }
        portals[portal] = Portal(statement: prepared, parameters: values, resultFormats: resultFormats)
        writer.bindComplete()
    }

    mutating func describe(kind: UInt8, name: String) {
        if kind == UInt8(ascii: "S") {
            guard let prepared = statements[name] else { return extendedError(Self.missingStatement(name)) }
            writer.parameterDescription(prepared.parameterTypes)
            if prepared.columns.isEmpty { writer.noData() } else { writer.rowDescription(prepared.columns, formats: []) }
        } else {
            guard let portal = portals[name] else { return extendedError(Self.missingPortal(name)) }
            let columns = portal.statement.columns
            if columns.isEmpty { writer.noData() } else { writer.rowDescription(columns, formats: portal.resultFormats) }
        }
    }

    mutating func execute(portal name: String, maxRows: Int32) -> Actions {
        guard var portal = portals[name] else {
            extendedError(Self.missingPortal(name))
            return Actions()
        }
        if let pending = portal.pending {
            // Continue a suspended portal.
            let result = PGResult(columns: portal.pendingColumns, rows: pending, commandTag: portal.pendingTag)
            portal.pending = writeResult(result, columns: portal.pendingColumns, formats: portal.resultFormats,
                                         maxRows: maxRows, describeRows: false)
            if portal.pending != nil { writer.portalSuspended() }
            portals[name] = portal
            return Actions()
        }
        if portal.statement.sql.isEmpty {
            writer.emptyQueryResponse()
            return Actions()
        }
        busy = .execute(portal: name, maxRows: maxRows)
        return Actions(request: .execute(sql: portal.statement.sql, parameters: portal.parameters))
    }

    mutating func completeExecute(_ response: Response, portal name: String, maxRows: Int32) {
        switch response {
        case .executed(let result, let newStatus):
            status = newStatus
            // Rows are encoded as Describe announced them (the statement's columns) when it did.
            let described = portals[name]?.statement.columns ?? []
            let columns = described.count == result.columns.count ? described : result.columns
            let formats = portals[name]?.resultFormats ?? []
            let rest = writeResult(result, columns: columns, formats: formats, maxRows: maxRows, describeRows: false)
            if let rest, var portal = portals[name] {
                portal.pending = rest
                portal.pendingTag = result.commandTag
                portal.pendingColumns = columns
                portals[name] = portal
                writer.portalSuspended()
            }
        case .failed(let error, let newStatus):
            status = newStatus
            extendedError(error)
            if error.isFatal { phase = .closed }
        default:
            extendedError(.protocolViolation("internal: unexpected backend answer to Execute", fatal: false))
        }
    }
}
