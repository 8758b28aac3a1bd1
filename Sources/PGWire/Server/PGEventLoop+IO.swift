import COpenSSL
import CSystem
import Glibc
import ServerSupport

extension PGEventLoop {
    func startListening() {
        guard !listening, !stopping else { return }
        listening = true
        register(listenFd, EPOLLIN.rawValue)
    }

    func pauseListening(for nanos: UInt64) {
        if listening {
            listening = false
            var event = epoll_event()
            _ = epoll_ctl(epfd, EPOLL_CTL_DEL, listenFd, &event)
        }
        acceptResumeAt = now &+ nanos
    }

    func acceptConnections() {
        for _ in 0..<64 {
            if openCount.load(ordering: .relaxed) >= configuration.maxConnections {
                pauseListening(for: 20_000_000)
                return
            }
            let fd = csystem_accept_nonblocking(listenFd, nil, nil)
            if fd < 0 {
                switch errno {
                case EAGAIN, EWOULDBLOCK: return
                case EINTR, ECONNABORTED, EPROTO: continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    pauseListening(for: 100_000_000)
                    return
                default: return
                }
            }
            POSIX.setNoDelay(fd)
            adopt(fd)
        }
    }

    func adopt(_ fd: Int32) {
        var settings = configuration.connection
        let (pid, key) = registry.issue()
        settings.processID = pid
        settings.secretKey = key
        let c = Connection(fd: fd, id: nextID, machine: PGConnectionMachine(settings: settings, now: now), processID: pid)
        nextID &+= 1
        if Int(fd) >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: max(Int(fd) + 1 - connections.count, 64)))
        }
        connections[Int(fd)] = c
        openCount.add(1, ordering: .relaxed)
        c.interest = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        register(fd, c.interest)
        schedule(c)
    }

    func handleSocket(_ c: Connection, mask: UInt32) {
        if mask & EPOLLERR.rawValue != 0 { return closeConnection(c) }
        if mask & EPOLLOUT.rawValue != 0 {
            flush(c)
            if connections[Int(c.fd)] !== c { return }
        }
        if mask & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 { readOnce(c) }
    }

    func readOnce(_ c: Connection) {
        let n = read(c.fd, readBuffer.baseAddress, readBuffer.count)
        if n > 0 {
            let bytes = UnsafeRawBufferPointer(rebasing: readBuffer[0..<n])
            if let tls = c.tls {
                for step in tls.receive(bytes) {
                    switch step {
                    case .handshakeDone:
                        apply(c, c.machine.tlsEstablished(serverName: tls.serverName, now: now))
                    case .plaintext(let plain):
                        apply(c, c.machine.bytesReceived(plain, now: now))
                    case .failed:
                        sendCiphertext(c)
                        apply(c, c.machine.tlsFailed())
                    }
                    if connections[Int(c.fd)] !== c { return }
                }
                sendCiphertext(c)
                flush(c)
                if connections[Int(c.fd)] === c { updateInterest(c) }
            } else {
                apply(c, c.machine.bytesReceived(bytes, now: now))
            }
        } else if n == 0 {
            apply(c, c.machine.peerClosed())
        } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
            closeConnection(c)
        }
    }

    /// Carries out one machine step: output, TLS start, backend request, close, timers.
    func apply(_ c: Connection, _ actions: PGConnectionMachine.Actions) {
        guard connections[Int(c.fd)] === c else { return }
        let out = c.machine.takeOutput()
        if !out.isEmpty {
            if let tls = c.tls, tls.established {
                _ = tls.send(out)
                sendCiphertext(c)
            } else {
                queue(c, out)
            }
        }
        if actions.startTLS {
            guard let context = tlsContext, let session = PGTLSSession(context: context) else {
                return closeConnection(c)
            }
            c.tls = session
        }
        if let request = actions.request { dispatch(c, request) }
        if actions.close {
            if let tls = c.tls, tls.established { _ = SSL_shutdown(tls.ssl); sendCiphertext(c) }
            c.closeWhenFlushed = true
        }
        flush(c)
        guard connections[Int(c.fd)] === c else { return }
        updateInterest(c)
        schedule(c)
    }

    func sendCiphertext(_ c: Connection) {
        guard let tls = c.tls else { return }
        let bytes = tls.drain()
        if !bytes.isEmpty { queue(c, bytes) }
    }

    func queue(_ c: Connection, _ bytes: [UInt8]) {
        if c.pendingOffset == c.pending.count {
            c.pending = bytes
            c.pendingOffset = 0
        } else {
            c.pending.append(contentsOf: bytes)
        }
    }

    func dispatch(_ c: Connection, _ request: PGConnectionMachine.Request) {
        let fd = c.fd
        let id = c.id
        switch request {
        case .open(let startup):
            let backend = backend
            Task { [self] in
                do throws(PGError) {
                    let opened = try await backend.open(startup)
                    post(.opened(fd: fd, id: id, opened))
                } catch {
                    post(.completed(fd: fd, id: id, .failed(error, .idle)))
                }
            }
        case .execute(let sql, let parameters):
            guard let session = c.session else { return }
            Task { [self] in
                let response: PGConnectionMachine.Response
                do throws(PGError) {
                    let result = try await session.execute(sql, parameters: parameters)
                    response = .executed(result, await session.transactionStatus())
                } catch {
                    response = .failed(error, await session.transactionStatus())
                }
                post(.completed(fd: fd, id: id, response))
            }
        case .describe(let sql, let types):
            guard let session = c.session else { return }
            Task { [self] in
                let response: PGConnectionMachine.Response
                do throws(PGError) {
                    response = .described(try await session.describe(sql, parameterTypes: types))
                } catch {
                    response = .failed(error, await session.transactionStatus())
                }
                post(.completed(fd: fd, id: id, response))
            }
        case .cancel(let pid, let key):
            registry.cancel(pid, key: key)
        }
    }

    func flush(_ c: Connection) {
        while c.pendingOffset < c.pending.count {
            let n = c.pending.withUnsafeBytes { raw in
                send(c.fd, raw.baseAddress! + c.pendingOffset, raw.count - c.pendingOffset, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                c.pendingOffset += n
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return
            } else {
                return closeConnection(c)
            }
        }
        c.pending = []
        c.pendingOffset = 0
        if c.closeWhenFlushed { closeConnection(c) }
    }

    func updateInterest(_ c: Connection) {
        var mask: UInt32 = 0
        // Backpressure: stop reading while a large answer is still unsent.
        if !c.closeWhenFlushed && c.pending.count - c.pendingOffset < 1 << 20 { mask |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue }
        if c.pendingOffset < c.pending.count { mask |= EPOLLOUT.rawValue }
        if mask != c.interest {
            c.interest = mask
            var event = epoll_event()
            event.events = mask
            event.data.u64 = UInt64(UInt32(bitPattern: c.fd))
            _ = epoll_ctl(epfd, EPOLL_CTL_MOD, c.fd, &event)
        }
    }

    func closeConnection(_ c: Connection) {
        guard Int(c.fd) < connections.count, connections[Int(c.fd)] === c else { return }
        connections[Int(c.fd)] = nil
        close(c.fd)
        openCount.subtract(1, ordering: .relaxed)
        registry.remove(c.processID)
        c.tls = nil
        if let session = c.session {
            c.session = nil
            Task { await session.close() }
        }
    }

    func schedule(_ c: Connection) {
        guard let deadline = c.machine.nextDeadline else { return }
        if deadline < c.scheduled {
            c.scheduled = deadline
            timers.push(.init(deadline: deadline, fd: c.fd, id: c.id))
        }
    }

    func runTimers() {
        while let top = timers.peek(), top.deadline <= now {
            timers.pop()
            guard let c = live(top.fd, top.id), c.scheduled == top.deadline else { continue }
            c.scheduled = .max
            if let d = c.machine.nextDeadline, d <= now {
                apply(c, c.machine.timerFired(now: now))
            } else {
                schedule(c)
            }
        }
    }

    /// Stops accepting and closes every connection (a stopped region drops its clients).
    func beginStop() {
        stopping = true
        if listening {
            listening = false
            var event = epoll_event()
            _ = epoll_ctl(epfd, EPOLL_CTL_DEL, listenFd, &event)
        }
        for case let c? in connections { closeConnection(c) }
    }
}
