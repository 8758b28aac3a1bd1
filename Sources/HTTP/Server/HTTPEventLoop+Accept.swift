import ServerSupport
import CSystem
import Glibc

extension HTTPEventLoop {
    func startListening() {
        guard !listening, !shuttingDown else { return }
        listening = true
        // Only loop 0 watches the listener; it deals connections to all loops.
        register(listenFd, EPOLLIN.rawValue)
    }

    func stopListening(resumeAfter pause: UInt64?) {
        if listening {
            listening = false
            var event = epoll_event()
            _ = epoll_ctl(epfd, EPOLL_CTL_DEL, listenFd, &event)
        }
        if let pause { acceptResumeAt = now &+ pause }
    }

    /// Accepts up to `acceptBatch` connections. Transient errors never stop the server: EMFILE and
    /// friends, or the connection cap, pause accepting for a moment.
    func acceptConnections() {
        for _ in 0..<shared.configuration.acceptBatch {
            if shared.openConnections.load(ordering: .relaxed) >= shared.configuration.maxConnections {
                stopListening(resumeAfter: 20_000_000)
                return
            }
            var addr = sockaddr_in()
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let fd = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    csystem_accept_nonblocking(listenFd, $0, &len)
                }
            }
            if fd < 0 {
                switch errno {
                case EAGAIN, EWOULDBLOCK:
                    return
                case EINTR, ECONNABORTED, EPROTO:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    shared.log("accept: \(HTTPSocketError.last("accept4")); pausing accepts for 100 ms")
                    stopListening(resumeAfter: 100_000_000)
                    return
                default:
                    shared.log("accept: \(HTTPSocketError.last("accept4"))")
                    return
                }
            }
            POSIX.setNoDelay(fd)
            let (host, port) = POSIX.describe(addr)
            shared.openConnections.add(1, ordering: .relaxed)
            let target = peers.isEmpty ? self : peers[nextPeer % peers.count]
            nextPeer &+= 1
            if target === self {
                adopt(fd: fd, host: host, port: port)
            } else {
                target.post(.adopt(fd: fd, host: host, port: port))
            }
        }
    }

    /// Takes ownership of an accepted socket (counted in `openConnections` by the acceptor).
    func adopt(fd: Int32, host: String, port: Int) {
        if shuttingDown {
            close(fd)
            shared.openConnections.subtract(1, ordering: .relaxed)
            return
        }
        let info = HTTPConnectionInfo(remoteAddress: host, remotePort: port, localPort: shared.port)
        let responder = shared.responder
        var machine = HTTPConnectionStateMachine(
            now: now, limits: shared.configuration.limits, timeouts: shared.configuration.timeouts, info: info,
            bodyLimit: { responder.bodyLimit(for: $0) })
        machine.date = date
        let connection = Connection(fd: fd, id: nextID, machine: machine)
        nextID &+= 1
        if Int(fd) >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: max(Int(fd) + 1 - connections.count, 64)))
        }
        connections[Int(fd)] = connection
        liveCount += 1
        connection.interest = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        register(fd, connection.interest)
        schedule(connection)
    }

    func closeConnection(_ connection: Connection) {
        guard connections[Int(connection.fd)] === connection else { return }
        connections[Int(connection.fd)] = nil
        close(connection.fd)  // also removes it from the epoll set
        liveCount -= 1
        shared.openConnections.subtract(1, ordering: .relaxed)
    }

    func beginShutdown(forceAt deadline: UInt64) {
        shuttingDown = true
        forceAt = deadline
        stopListening(resumeAfter: nil)
        acceptResumeAt = nil
        for case let connection? in connections {
            connection.machine.date = date
            apply(connection, connection.machine.beginShutdown(now: now))
        }
    }

    func forceCloseAll() {
        for case let connection? in connections {
            shutdown(connection.fd, Int32(SHUT_RDWR))
            closeConnection(connection)
        }
    }

    func runTimers() {
        while let top = timers.peek(), top.deadline <= now {
            timers.pop()
            guard Int(top.fd) < connections.count, let connection = connections[Int(top.fd)],
                connection.id == top.id, connection.scheduled == top.deadline
            else { continue }
            connection.scheduled = .max
            if let deadline = connection.machine.nextDeadline, deadline <= now {
                connection.machine.date = date
                apply(connection, connection.machine.timerFired(now: now))
            } else {
                schedule(connection)
            }
        }
    }

    /// Makes sure a timer entry exists at or before the connection's next deadline.
    func schedule(_ connection: Connection) {
        guard let deadline = connection.machine.nextDeadline else { return }
        if deadline < connection.scheduled {
            connection.scheduled = deadline
            timers.push(.init(deadline: deadline, fd: connection.fd, id: connection.id))
        }
    }
}
