import Dispatch
import Glibc
import Synchronization

/// How a killed listener looks to clients.
public enum HTTPOutageMode: String, Sendable, CaseIterable {
    /// The listener is closed: connections are refused (`ECONNREFUSED`).
    case refuse
    /// The port stays bound but nobody accepts: the kernel completes handshakes into the
    /// backlog (then drops SYNs), requests are never answered, clients time out.
    case blackhole
}

/// A gate a paused loop thread waits on until `open()`.
final class PauseGate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let opened = Atomic<Bool>(false)

    func wait() { semaphore.wait() }

    /// Opens the gate (once; later calls do nothing).
    func open() {
        if !opened.exchange(true, ordering: .acquiringAndReleasing) { semaphore.signal() }
    }
}

/// Region outages for chaos drills: kill (refuse or blackhole), restore on the same port, and
/// pause / resume (the loops stop processing, keeping every connection and request).
///
/// None of it touches the request path: a running server's loops are exactly those `start()`
/// made; a kill shuts them down like `shutdown`, a restore starts new ones on a fresh listener.
extension HTTPServer {
    /// Kills the listener: every connection is closed at once (in-flight requests get no
    /// answer), then the listening socket is closed (`refuse`) or kept bound unanswered
    /// (`blackhole`). Killing a killed server switches its mode. Idempotent.
    public func kill(_ mode: HTTPOutageMode) async {
        enum Step { case none, stop(Int32, [HTTPEventLoop], Int), switchMode }
        let step = state.withLock { state -> Step in
            switch state {
            case .running(let fd, let port, let loops):
                state = .killed(port: port, mode: mode, heldFd: nil)
                return .stop(fd, loops, port)
            case .killed(_, let current, _):
                return current == mode ? .none : .switchMode
            case .created, .stopped:
                return .none
            }
        }
        switch step {
        case .none:
            return
        case .stop(let fd, let loops, _):
            await stopLoops(loops, deadline: .zero)
            if mode == .refuse {
                close(fd)
            } else {
                // The loops are gone, so nobody accepts; a restore closes this socket, which
                // resets whatever queued meanwhile.
                state.withLock { state in
                    if case .killed(let port, let m, nil) = state, m == .blackhole {
                        state = .killed(port: port, mode: m, heldFd: fd)
                    } else {
                        close(fd)
                    }
                }
            }
        case .switchMode:
            try? state.withLock { state throws in
                guard case .killed(let port, _, let held) = state else { return }
                if let held { close(held) }
                var fd: Int32?
                if mode == .blackhole {
                    fd = try POSIX.listen(host: configuration.host, port: port, backlog: configuration.backlog)
                }
                state = .killed(port: port, mode: mode, heldFd: fd)
            }
        }
    }

    /// Restores a killed server on the port it had; returns that port. Idempotent: a running
    /// server is left alone.
    @discardableResult
    public func restore() throws -> Int {
        try state.withLock { state in
            switch state {
            case .running(_, let port, _):
                return port
            case .killed(let port, _, let held):
                if let held { close(held) }
                let fd = try POSIX.listen(host: configuration.host, port: port, backlog: configuration.backlog)
                state = .killed(port: port, mode: .refuse, heldFd: nil)
                state = .running(listenFd: fd, port: port, loops: try startLoops(listenFd: fd, port: port))
                return port
            case .created, .stopped:
                throw HTTPSocketError(operation: "restore (not killed)", code: EINVAL)
            }
        }
    }

    /// True while killed.
    public var isKilled: Bool {
        state.withLock { state in
            if case .killed = state { return true }
            return false
        }
    }

    /// Pauses every loop: nothing is accepted, read, answered or timed out until `resume()`;
    /// connections and queued responses are kept. Idempotent; no effect unless running.
    public func pause() {
        state.withLock { state in
            guard case .running(_, _, let loops) = state else { return }
            pauseGates.withLock { gates in
                guard gates.isEmpty else { return }
                gates = loops.map { loop in
                    let gate = PauseGate()
                    loop.post(.pause(gate))
                    return gate
                }
            }
        }
    }

    /// Lets paused loops go on (idempotent).
    public func resume() { releasePauseGates() }

    /// True while paused.
    public var isPaused: Bool { pauseGates.withLock { !$0.isEmpty } }

    func releasePauseGates() {
        let gates = pauseGates.withLock { gates -> [PauseGate] in
            defer { gates = [] }
            return gates
        }
        for gate in gates { gate.open() }
    }
}
