/// Startup: SSLRequest, GSSENCRequest, CancelRequest, the startup packet and the password.
extension PGConnectionMachine {
    /// DSQL's refusal of a connection without TLS.
    public static let tlsRequired = PGError(
        severity: "FATAL", sqlstate: "28000", message: "unable to accept connection, ssl is required")
    /// DSQL's refusal of a TLS connection without SNI on the shared endpoint.
    public static let sniRequired = PGError(
        severity: "FATAL", sqlstate: "08004", message: "unable to accept connection, sni was not received")

    mutating func handleStartup(_ message: PGFrontendMessage) -> Actions {
        switch message {
        case .sslRequest:
            if tls { return fail(.protocolViolation("SSL negotiation already done")) }
            writer.sslAnswer(true)
            if parser.bufferedCount > 0 {
                // Plaintext pipelined after SSLRequest would be read as if it were encrypted.
                return fail(.protocolViolation("received unencrypted data after SSL request"))
            }
            phase = .handshaking
            return Actions(startTLS: true)
        case .gssEncRequest:
            writer.sslAnswer(false)
            return Actions()
        case .cancelRequest(let pid, let key):
            phase = .closed
            return Actions(request: .cancel(processID: pid, secretKey: key), close: true)
        case .startup(_, let parameters):
            startupParameters = parameters
            if settings.requireTLS && !tls { return fail(Self.tlsRequired) }
            if settings.requireSNI && serverName == nil { return fail(Self.sniRequired) }
            guard let user = parameters["user"], !user.isEmpty else {
                return fail(PGError(severity: "FATAL", sqlstate: "28000", message: "no PostgreSQL user name specified in startup packet"))
            }
            _ = user
            writer.authentication(3)  // cleartext password: the IAM token
            phase = .password
            return Actions()
        default:
            return fail(.protocolViolation("expected startup message"))
        }
    }

    mutating func handlePassword(_ message: PGFrontendMessage) -> Actions {
        switch message {
        case .password(let token):
            let user = startupParameters["user"] ?? ""
            let startup = PGStartup(
                user: user, database: startupParameters["database"] ?? user, password: token, serverName: serverName,
                listenerCluster: settings.listenerCluster, parameters: startupParameters)
            phase = .authenticating
            busy = .opening
            return Actions(request: .open(startup))
        case .terminate:
            phase = .closed
            return Actions(close: true)
        case .invalid(let error, _):
            return fail(error.fatal)
        default:
            return fail(.protocolViolation("expected password response, got message type \(message)"))
        }
    }

    mutating func completeOpen(_ response: Response) {
        switch response {
        case .opened(let parameters):
            writer.authentication(0)
            for (name, value) in parameters { writer.parameterStatus(name, value) }
            writer.backendKeyData(processID: settings.processID, secretKey: settings.secretKey)
            phase = .ready
            status = .idle
            writer.readyForQuery(.idle)
        case .failed(let error, _):
            writer.error(error.fatal)
            phase = .closed
        default:
            writer.error(.protocolViolation("internal: unexpected backend answer at startup"))
            phase = .closed
        }
    }
}
