import ServerSupport
import CSystem
import Glibc
import Synchronization

/// One event-loop thread: an epoll instance (level-triggered), its connections, its timers and a
/// mailbox that other threads use to hand back async responses or request shutdown.
///
/// `@unchecked Sendable` invariant: every stored `var` is read and written only on the loop's own
/// thread; other threads touch only `mailbox` and `exitWaiters` (both in a `Mutex`) and write to
/// the eventfd.
final class HTTPEventLoop: @unchecked Sendable {
    enum Message: Sendable {
        case response(fd: Int32, id: UInt64, HTTPResponse)
        case shutdown(deadline: UInt64)
        /// A connection accepted by the listening loop, handed to this loop (round-robin).
        case adopt(fd: Int32, host: String, port: Int)
        /// Stop processing until the gate opens (a paused process): nothing is read, accepted,
        /// answered or timed out meanwhile; everything waits in the kernel and the mailbox.
        case pause(PauseGate)
    }

    /// One accepted socket and its state machine.
    final class Connection {
        let fd: Int32
        let id: UInt64
        var machine: HTTPConnectionStateMachine
        var interest: UInt32 = 0
        var scheduled: UInt64 = .max
        var readShut = false

        init(fd: Int32, id: UInt64, machine: HTTPConnectionStateMachine) {
            self.fd = fd
            self.id = id
            self.machine = machine
        }
    }

    let index: Int
    let epfd: Int32
    let wakeFd: Int32
    let listenFd: Int32
    let shared: HTTPServerShared
    let mailbox = Mutex<(open: Bool, messages: [Message])>((true, []))
    let exitWaiters = Mutex<(exited: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    var connections: [Connection?] = []
    var liveCount = 0
    var timers = TimerHeap()
    var nextID: UInt64 = 1
    var now: UInt64 = 0
    var dateSecond: time_t = 0
    var date: [UInt8] = []
    var listening = false
    var acceptResumeAt: UInt64? = nil
    var shuttingDown = false
    var forceAt: UInt64? = nil
    /// Every loop of the server, in order; set before the threads start, then read-only. Loop 0
    /// owns the listener and deals accepted connections round-robin, which balances load better
    /// than letting loops race for the listener.
    var peers: [HTTPEventLoop] = []
    var nextPeer = 0
    let readBuffer: UnsafeMutableRawBufferPointer
    var events: [epoll_event]

    init(index: Int, listenFd: Int32, shared: HTTPServerShared) throws {
        self.index = index
        self.listenFd = listenFd
        self.shared = shared
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw HTTPSocketError.last("epoll_create1") }
        wakeFd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFd >= 0 else {
            close(epfd)
            throw HTTPSocketError.last("eventfd")
        }
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        events = [epoll_event](repeating: epoll_event(), count: 256)
        register(wakeFd, EPOLLIN.rawValue)
    }

    deinit {
        close(wakeFd)
        readBuffer.deallocate()
    }

    // MARK: Cross-thread entry points

    /// Queues a message for the loop thread and wakes it (when it is not already due to drain).
    /// After the loop exits the mailbox is closed, so a late response from a slow Task is dropped;
    /// the eventfd itself stays open until `deinit` (a poster holds the loop), so the wake-up can
    /// be written after the lock is released without ever hitting a reused descriptor.
    func post(_ message: Message) {
        let wake = mailbox.withLock { box -> Bool in
            guard box.open else {
                if case .adopt(let fd, _, _) = message {
                    close(fd)
                    shared.openConnections.subtract(1, ordering: .relaxed)
                }
                return false
            }
            box.messages.append(message)
            // Only the first message after a drain wakes the loop: the drain takes every message
            // queued by then, so later ones ride along without a system call.
            return box.messages.count == 1
        }
        if wake {
            // Outside the lock: the woken loop's drain must not find the lock still held.
            var one: UInt64 = 1
            _ = write(wakeFd, &one, 8)
        }
    }

    /// Waits until the loop thread has exited.
    func waitForExit() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = exitWaiters.withLock { state -> Bool in
                if state.exited { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func start() {
        // Responders run synchronously on this thread, so give it a full-size stack.
        DedicatedThread.start(name: "http-loop-\(index)", stackSize: 8 << 20) { [self] in
            run()
        }
    }

    // MARK: The loop

    func run() {
        now = POSIX.monotonicNanos()
        refreshDate()
        if index == 0 { startListening() }
        while true {
            let n = epoll_wait(epfd, &events, Int32(events.count), waitTimeout())
            now = POSIX.monotonicNanos()
            refreshDate()
            if n > 0 {
                for i in 0..<Int(n) {
                    let event = events[i]
                    handle(fd: Int32(truncatingIfNeeded: event.data.u64), events: event.events)
                }
            }
            runTimers()
            if let resume = acceptResumeAt, now >= resume, !shuttingDown, index == 0 {
                acceptResumeAt = nil
                startListening()
            }
            if shuttingDown {
                if liveCount == 0 { break }
                if let forceAt, now >= forceAt { forceCloseAll(); break }
            }
        }
        close(epfd)
        peers = []  // break the loop <-> peers cycle
        mailbox.withLock { box in
            box.open = false
            for case .adopt(let fd, _, _) in box.messages {
                close(fd)
                shared.openConnections.subtract(1, ordering: .relaxed)
            }
            box.messages = []
        }
        let waiters = exitWaiters.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.exited = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    func waitTimeout() -> Int32 {
        var deadline = timers.peek()?.deadline
        if let resume = acceptResumeAt { deadline = min(deadline ?? resume, resume) }
        if let forceAt { deadline = min(deadline ?? forceAt, forceAt) }
        // Wake at least once a second so the Date cache and shutdown checks stay fresh.
        let cap: UInt64 = 1_000_000_000
        let target = min(deadline ?? (now &+ cap), now &+ cap)
        if target <= now { return 0 }
        return Int32((target - now + 999_999) / 1_000_000)
    }

    func refreshDate() {
        let t = time(nil)
        if t != dateSecond {
            dateSecond = t
            date = POSIX.httpDate(t)
        }
    }

    func handle(fd: Int32, events mask: UInt32) {
        if fd == wakeFd {
            drainMailbox()
        } else if fd == listenFd {
            acceptConnections()
        } else if Int(fd) < connections.count, let connection = connections[Int(fd)] {
            handleSocket(connection, events: mask)
        }
    }

    func register(_ fd: Int32, _ mask: UInt32) {
        var event = epoll_event()
        event.events = mask
        event.data.u64 = UInt64(UInt32(bitPattern: fd))
        _ = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event)
    }

    func drainMailbox() {
        var counter: UInt64 = 0
        _ = read(wakeFd, &counter, 8)
        let messages = mailbox.withLock { box -> [Message] in
            defer { box.messages = [] }
            return box.messages
        }
        for message in messages {
            switch message {
            case .response(let fd, let id, let response):
                guard Int(fd) < connections.count, let connection = connections[Int(fd)], connection.id == id else {
                    continue  // the connection closed while the responder worked
                }
                connection.machine.date = date
                apply(connection, connection.machine.respond(response, now: now))
            case .shutdown(let deadline):
                beginShutdown(forceAt: deadline)
            case .adopt(let fd, let host, let port):
                adopt(fd: fd, host: host, port: port)
            case .pause(let gate):
                gate.wait()
                now = POSIX.monotonicNanos()
            }
        }
    }
}
