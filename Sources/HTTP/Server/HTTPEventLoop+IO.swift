import ServerSupport
import CSystem
import Glibc

extension HTTPEventLoop {
    func handleSocket(_ connection: Connection, events mask: UInt32) {
        if mask & EPOLLERR.rawValue != 0 {
            closeConnection(connection)
            return
        }
        if mask & EPOLLOUT.rawValue != 0 && connection.machine.hasPendingOutput {
            apply(connection, flush(connection))
            if connections[Int(connection.fd)] !== connection { return }
        }
        if mask & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLHUP.rawValue) != 0 {
            if connection.machine.wantsRead {
                readOnce(connection)
            } else if mask & EPOLLHUP.rawValue != 0 {
                closeConnection(connection)
            }
        }
    }

    /// One read per readiness event (level-triggered: if more is buffered, epoll reports it again).
    func readOnce(_ connection: Connection) {
        let n = read(connection.fd, readBuffer.baseAddress, readBuffer.count)
        connection.machine.date = date
        if n > 0 {
            apply(connection, connection.machine.bytesReceived(UnsafeRawBufferPointer(rebasing: readBuffer[0..<n]), now: now))
        } else if n == 0 {
            connection.readShut = true
            apply(connection, connection.machine.peerClosedInput(now: now))
        } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
            closeConnection(connection)
        }
    }

    /// Executes the actions of one state-machine step: runs the responder for dispatched
    /// requests, writes output, shuts down or closes, and updates interest and timers.
    func apply(_ connection: Connection, _ first: HTTPConnectionActions) {
        var actions = first
        var shutdownWrite = actions.shutdownWrite
        while let request = actions.dispatch {
            switch shared.responder.respond(to: request) {
            case .now(let response):
                actions = connection.machine.respond(response, now: now)
                shutdownWrite = shutdownWrite || actions.shutdownWrite
            case .later(let work):
                actions.dispatch = nil
                let fd = connection.fd
                let id = connection.id
                Task { [self] in
                    let response = await work()
                    post(.response(fd: fd, id: id, response))
                }
            case .deferred(let start):
                actions.dispatch = nil
                start(HTTPResponseSink(loop: self, fd: connection.fd, id: connection.id))
            }
        }
        if connection.machine.hasPendingOutput {
            let flushed = flush(connection)
            shutdownWrite = shutdownWrite || flushed.shutdownWrite
        }
        if connection.machine.isClosed {
            closeConnection(connection)
            return
        }
        if shutdownWrite { shutdown(connection.fd, Int32(SHUT_WR)) }
        updateInterest(connection)
        schedule(connection)
    }

    /// Writes pending output with one gathering `sendmsg` per attempt (head and body together)
    /// until it is drained or the socket would block.
    func flush(_ connection: Connection) -> HTTPConnectionActions {
        var result = HTTPConnectionActions(dispatch: nil, write: false, shutdownWrite: false, close: false, deadline: nil)
        while connection.machine.hasPendingOutput {
            let output = connection.machine.output
            let offset = connection.machine.outputOffset
            let sent: Int = output[0].withUnsafeBytes { first in
                var iov = (
                    iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress! + offset), iov_len: first.count - offset),
                    iovec()
                )
                if output.count > 1 {
                    return output[1].withUnsafeBytes { second in
                        iov.1 = iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count)
                        return sendIOVecs(connection.fd, &iov, count: 2)
                    }
                }
                return sendIOVecs(connection.fd, &iov, count: 1)
            }
            if sent > 0 {
                let step = connection.machine.wrote(sent, now: now)
                result.shutdownWrite = result.shutdownWrite || step.shutdownWrite
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                result = connection.machine.forceClose()
                break
            }
        }
        return result
    }

    func sendIOVecs(_ fd: Int32, _ iov: inout (iovec, iovec), count: Int) -> Int {
        withUnsafeMutableBytes(of: &iov) { raw in
            var message = msghdr()
            message.msg_iov = raw.baseAddress!.assumingMemoryBound(to: iovec.self)
            message.msg_iovlen = count
            return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
        }
    }

    /// EPOLLIN only while the machine wants input, EPOLLOUT only while output is pending.
    func updateInterest(_ connection: Connection) {
        var mask: UInt32 = 0
        if connection.machine.wantsRead && !connection.readShut { mask |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue }
        if connection.machine.hasPendingOutput { mask |= EPOLLOUT.rawValue }
        if mask != connection.interest {
            connection.interest = mask
            var event = epoll_event()
            event.events = mask
            event.data.u64 = UInt64(UInt32(bitPattern: connection.fd))
            _ = epoll_ctl(epfd, EPOLL_CTL_MOD, connection.fd, &event)
        }
    }
}
