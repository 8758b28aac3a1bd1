import ServerSupport
import Glibc
import Synchronization

/// State every loop of one server shares: configuration, responder, bound port and the
/// connection count (an atomic, so the cap holds across loops).
final class HTTPServerShared: Sendable {
    let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let port: Int
    let openConnections = Atomic<Int>(0)
    let logger: (@Sendable (String) -> Void)?

    init(configuration: HTTPServerConfiguration, responder: any HTTPResponder, port: Int,
         logger: (@Sendable (String) -> Void)?) {
        self.configuration = configuration
        self.responder = responder
        self.port = port
        self.logger = logger
    }

    func log(_ message: String) { logger?(message) }
}

/// A NIO-free HTTP/1.1 server: one listening socket, N epoll event-loop threads, pure parser
/// and connection state machines, and a responder called on the loop thread.
///
/// Lifecycle: `start()` binds and starts the loops and returns the bound port (useful with port
/// 0); `shutdown(deadline:)` stops accepting, closes idle connections, lets in-flight requests
/// finish with `Connection: close`, and force-closes whatever remains after the deadline.
public final class HTTPServer: Sendable {
    enum State {
        case created
        case running(listenFd: Int32, port: Int, loops: [HTTPEventLoop])
        /// Killed (`HTTPServer+Chaos`): no loops; in blackhole mode the listener stays bound
        /// and nobody accepts.
        case killed(port: Int, mode: HTTPOutageMode, heldFd: Int32?)
        case stopped
    }

    /// The configuration the server was created with.
    public let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let logger: (@Sendable (String) -> Void)?
    let state = Mutex<State>(.created)
    /// The loops' pause gates while paused (`HTTPServer+Chaos`).
    let pauseGates = Mutex<[PauseGate]>([])

    /// Creates a server; nothing is bound until `start()`.
    /// - Parameters:
    ///   - configuration: host, port, loops, limits, timeouts, connection cap.
    ///   - responder: answers requests (on loop threads).
    ///   - logger: receives rare operational messages (accept errors); nil drops them.
    public init(
        configuration: HTTPServerConfiguration, responder: any HTTPResponder,
        logger: (@Sendable (String) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
    }

    /// Binds the listener, starts the event loops and returns the bound port.
    @discardableResult
    public func start() throws -> Int {
        try state.withLock { state in
            guard case .created = state else { throw HTTPSocketError(operation: "start (already started)", code: EALREADY) }
            POSIX.prepareProcess()
            let fd = try POSIX.listen(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            let port = POSIX.localPort(fd)
            state = .running(listenFd: fd, port: port, loops: try startLoops(listenFd: fd, port: port))
            return port
        }
    }

    /// Starts the event loops over a bound listener (closing it if they cannot start).
    func startLoops(listenFd fd: Int32, port: Int) throws -> [HTTPEventLoop] {
        let shared = HTTPServerShared(configuration: configuration, responder: responder, port: port, logger: logger)
        var loops: [HTTPEventLoop] = []
        do {
            for i in 0..<max(1, configuration.loops) {
                loops.append(try HTTPEventLoop(index: i, listenFd: fd, shared: shared))
            }
        } catch {
            close(fd)
            throw error
        }
        for loop in loops { loop.peers = loops }
        for loop in loops { loop.start() }
        return loops
    }

    /// The bound port, or nil before `start()` / after shutdown.
    public var port: Int? {
        state.withLock { state in
            if case .running(_, let port, _) = state { return port }
            return nil
        }
    }

    /// Open connections across all loops.
    public var openConnections: Int {
        state.withLock { state in
            if case .running(_, _, let loops) = state { return loops.first?.shared.openConnections.load(ordering: .relaxed) ?? 0 }
            return 0
        }
    }

    /// Graceful shutdown; returns once every loop thread has exited.
    /// - Parameter deadline: how long in-flight requests may take before connections are forced closed.
    public func shutdown(deadline: Duration = .seconds(5)) async {
        let running = state.withLock { state -> (Int32?, [HTTPEventLoop])? in
            switch state {
            case .running(let fd, _, let loops):
                state = .stopped
                return (fd, loops)
            case .killed(_, _, let held):
                state = .stopped
                return (held, [])
            case .created, .stopped:
                return nil
            }
        }
        guard let (fd, loops) = running else { return }
        await stopLoops(loops, deadline: deadline)
        if let fd { close(fd) }
    }

    /// Shuts every loop down (in-flight requests get until `deadline`) and waits for them.
    func stopLoops(_ loops: [HTTPEventLoop], deadline: Duration) async {
        let force = POSIX.monotonicNanos() &+ HTTPTimeouts.nanos(deadline)
        for loop in loops { loop.post(.shutdown(deadline: force)) }
        releasePauseGates()
        for loop in loops { await loop.waitForExit() }
    }
}
