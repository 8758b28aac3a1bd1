import Glibc
import ServerSupport
import Synchronization

/// A PostgreSQL wire listener on its own epoll thread (no SwiftNIO).
///
/// It exists to serve a backend to any PostgreSQL client over TLS. `start()` binds and returns
/// the port; `stop()` closes the socket and every connection and waits for the thread. Both
/// are idempotent, and a stopped listener can be started again (on the same port when one was
/// bound), so a region's components can be stopped and restarted together.
public final class PGListener: Sendable {
    public let configuration: PGListenerConfiguration
    let backend: any PGBackend
    let tls: PGTLSContext?
    let registry: PGCancelRegistry
    let state = Mutex<(loop: PGEventLoop?, fd: Int32, port: Int?)>((nil, -1, nil))

    public init(configuration: PGListenerConfiguration, backend: any PGBackend, tls: PGTLSContext?,
                registry: PGCancelRegistry = PGCancelRegistry()) {
        self.configuration = configuration
        self.backend = backend
        self.tls = tls
        self.registry = registry
    }

    /// Binds (again) and starts the loop; returns the bound port.
    @discardableResult
    public func start() throws -> Int {
        try state.withLock { state in
            if state.loop != nil, let port = state.port { return port }
            POSIX.prepareProcess()
            let port = state.port ?? configuration.port
            let fd = try POSIX.listen(host: configuration.host, port: port, backlog: configuration.backlog)
            let bound = POSIX.localPort(fd)
            let loop: PGEventLoop
            do {
                loop = try PGEventLoop(configuration: configuration, listenFd: fd, backend: backend, tls: tls, registry: registry)
            } catch {
                close(fd)
                throw error
            }
            loop.start()
            state = (loop, fd, bound)
            return bound
        }
    }

    /// The bound port (kept across stop, so a restart binds the same one).
    public var port: Int? { state.withLock { $0.port } }

    public var isRunning: Bool { state.withLock { $0.loop != nil } }

    /// Open connections now.
    public var openConnections: Int { state.withLock { $0.loop?.openCount.load(ordering: .relaxed) ?? 0 } }

    /// Closes the listener and every connection; returns once the thread has exited.
    public func stop() async {
        let running = state.withLock { state -> (PGEventLoop, Int32)? in
            guard let loop = state.loop else { return nil }
            defer { state.loop = nil; state.fd = -1 }
            return (loop, state.fd)
        }
        guard let (loop, fd) = running else { return }
        loop.post(.shutdown)
        await loop.waitForExit()
        close(fd)
    }
}
