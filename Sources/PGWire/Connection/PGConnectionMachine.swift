/// One PostgreSQL wire connection as a pure state machine: bytes and backend answers in,
/// output bytes and requests out.
///
/// It exists so the whole protocol (startup, TLS negotiation, the password exchange, simple and
/// extended query, errors, timeouts) is driven by tests with a fake clock, like the HTTP
/// connection machine; the listener only moves bytes, runs TLS and calls the backend. While a
/// request is outstanding the machine buffers input and processes nothing (one statement at a
/// time, in order).
public struct PGConnectionMachine: Sendable {
    /// Settings fixed for a connection by its listener.
    public struct Settings: Sendable, Hashable {
        /// Refuse a startup packet that did not come over TLS.
        public var requireTLS = true
        /// Refuse a TLS connection without SNI (the shared port, which selects a cluster by name).
        public var requireSNI = false
        /// The cluster of a per-region port.
        public var listenerCluster: String?
        public var limits = PGWireLimits.dsql
        /// From accept to ReadyForQuery.
        public var startupTimeout: UInt64 = 60_000_000_000
        /// A message begun but not completed within this time closes the connection.
        public var messageTimeout: UInt64 = 30_000_000_000
        /// DSQL's connection lifetime (60 minutes).
        public var maxLifetime: UInt64 = 3_600_000_000_000
        public var processID: Int32 = 0
        public var secretKey: Int32 = 0

        public init() {}
    }

    /// What the shell must do for the backend.
    public enum Request: Sendable, Hashable {
        case open(PGStartup)
        case execute(sql: String, parameters: [PGParameter])
        case describe(sql: String, parameterTypes: [Int32])
        /// A CancelRequest arrived on this connection: route it to the keyed session.
        case cancel(processID: Int32, secretKey: Int32)
    }

    /// The backend's answer to the outstanding request.
    public enum Response: Sendable {
        case opened(parameters: [(String, String)])
        case executed(PGResult, PGTransactionStatus)
        case described(PGDescription)
        case failed(PGError, PGTransactionStatus)
    }

    /// What one step asks of the shell; output bytes are taken with `takeOutput()`.
    public struct Actions: Sendable, Hashable {
        public var request: Request?
        /// Start a TLS server handshake on the socket now ('S' was queued before).
        public var startTLS = false
        /// Close once the output is written.
        public var close = false
    }

    enum Phase: Sendable, Hashable {
        case startup, handshaking, password, authenticating, ready, closed
    }

    /// What the outstanding request is for.
    enum Busy: Sendable, Hashable {
        case opening
        case simple(remaining: [String])
        case parse(name: String, sql: String)
        case execute(portal: String, maxRows: Int32)
    }

    struct Prepared: Sendable, Hashable {
        var sql: String
        var parameterTypes: [Int32]
        var columns: [PGColumn]
    }

    struct Portal: Sendable, Hashable {
        var statement: Prepared
        var parameters: [PGParameter]
        var resultFormats: [Int16]
        /// Rows left after a PortalSuspended, with the tag to send once they are out.
        var pending: [[String?]]?
        var pendingTag = ""
        var pendingColumns: [PGColumn] = []
    }

    public let settings: Settings
    var parser: PGFrontendParser
    var phase = Phase.startup
    var tls = false
    var serverName: String?
    var startupParameters: [String: String] = [:]
    var busy: Busy?
    var queue: [PGFrontendMessage] = []
    var statements: [String: Prepared] = [:]
    var portals: [String: Portal] = [:]
    var skipToSync = false
    var status = PGTransactionStatus.idle
    var writer = PGMessageWriter()
    let openedAt: UInt64
    var partialSince: UInt64?
    var closeAfterBusy: PGError?

    public init(settings: Settings, now: UInt64) {
        self.settings = settings
        parser = PGFrontendParser(limits: settings.limits)
        openedAt = now
    }

    /// True once the connection is finished (output may still be pending).
    public var isClosed: Bool { phase == .closed }

    /// True while the client's startup has not completed.
    public var inStartup: Bool { phase != .ready && phase != .closed }

    /// Output queued since the last call.
    public mutating func takeOutput() -> [UInt8] {
        defer { writer.bytes.removeAll(keepingCapacity: true) }
        return writer.bytes
    }

    public var hasOutput: Bool { !writer.bytes.isEmpty }

    /// The next instant `timerFired` must be called at.
    public var nextDeadline: UInt64? {
        guard phase != .closed else { return nil }
        var d = openedAt &+ settings.maxLifetime
        if phase != .ready { d = min(d, openedAt &+ settings.startupTimeout) }
        if let p = partialSince { d = min(d, p &+ settings.messageTimeout) }
        return d
    }

    // MARK: Inputs

    public mutating func bytesReceived(_ bytes: UnsafeRawBufferPointer, now: UInt64) -> Actions {
        guard phase != .closed else { return Actions() }
        parser.append(bytes)
        return process(now: now)
    }

    public mutating func bytesReceived(_ bytes: [UInt8], now: UInt64) -> Actions {
        bytes.withUnsafeBytes { bytesReceived($0, now: now) }
    }

    /// The TLS handshake finished; `serverName` is the SNI name the client sent.
    public mutating func tlsEstablished(serverName: String?, now: UInt64) -> Actions {
        guard phase == .handshaking else { return Actions() }
        tls = true
        self.serverName = serverName?.lowercased()
        phase = .startup
        return process(now: now)
    }

    /// The TLS handshake failed (the shell closes; nothing can be sent in the clear).
    public mutating func tlsFailed() -> Actions {
        phase = .closed
        return Actions(close: true)
    }

    /// The client closed its side.
    public mutating func peerClosed() -> Actions {
        phase = .closed
        return Actions(close: true)
    }

    public mutating func timerFired(now: UInt64) -> Actions {
        guard phase != .closed else { return Actions() }
        if now >= openedAt &+ settings.maxLifetime {
            return fail(PGError(severity: "FATAL", sqlstate: "08006",
                                message: "connection duration limit of \(settings.maxLifetime / 1_000_000_000)s exceeded"))
        }
        if phase != .ready, now >= openedAt &+ settings.startupTimeout {
            return fail(PGError(severity: "FATAL", sqlstate: "08006", message: "canceling authentication due to timeout"))
        }
        if let p = partialSince, now >= p &+ settings.messageTimeout {
            return fail(PGError.protocolViolation(
                "incomplete message from client: not completed within \(settings.messageTimeout / 1_000_000_000)s"))
        }
        return Actions()
    }

    /// Sends a FATAL error and closes, unless a request is outstanding (then after it).
    mutating func fail(_ error: PGError) -> Actions {
        if busy != nil {
            closeAfterBusy = error
            return Actions()
        }
        writer.error(error)
        phase = .closed
        return Actions(close: true)
    }

    // MARK: The loop

    /// Handles buffered messages until a request is outstanding, input runs out, or it closes.
    mutating func process(now: UInt64) -> Actions {
        while busy == nil, phase != .closed, phase != .handshaking, phase != .authenticating {
            let message: PGFrontendMessage
            if !queue.isEmpty {
                message = queue.removeFirst()
            } else {
                do throws(PGError) {
                    guard let next = try parser.next() else { break }
                    message = next
                } catch {
                    writer.error(error.fatal)
                    phase = .closed
                    return Actions(close: true)
                }
            }
            let actions = handle(message, now: now)
            if actions.request != nil || actions.startTLS || actions.close {
                trackPartial(now: now)
                return actions
            }
        }
        trackPartial(now: now)
        return Actions(close: phase == .closed)
    }

    mutating func trackPartial(now: UInt64) {
        if parser.bufferedCount > 0 && queue.isEmpty && busy == nil {
            if partialSince == nil { partialSince = now }
        } else {
            partialSince = nil
        }
    }

    mutating func handle(_ message: PGFrontendMessage, now: UInt64) -> Actions {
        switch phase {
        case .startup: return handleStartup(message)
        case .password: return handlePassword(message)
        case .ready: return handleReady(message)
        default: return Actions()
        }
    }

    /// The backend answered the outstanding request.
    public mutating func completed(_ response: Response, now: UInt64) -> Actions {
        guard let job = busy else { return Actions() }
        busy = nil
        switch job {
        case .opening: completeOpen(response)
        case .simple(let remaining):
            if let next = completeSimple(response, remaining: remaining) { return finishStep(next, now: now) }
        case .parse(let name, let sql): completeParse(response, name: name, sql: sql)
        case .execute(let portal, let maxRows): completeExecute(response, portal: portal, maxRows: maxRows)
        }
        return finishStep(nil, now: now)
    }

    mutating func finishStep(_ request: Actions?, now: UInt64) -> Actions {
        if let request { return request }
        if let error = closeAfterBusy {
            closeAfterBusy = nil
            writer.error(error)
            phase = .closed
            return Actions(close: true)
        }
        if phase == .closed { return Actions(close: true) }
        return process(now: now)
    }
}
