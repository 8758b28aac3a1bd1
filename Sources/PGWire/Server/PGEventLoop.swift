import CSystem
import Glibc
import ServerSupport
import Synchronization

/// The epoll thread of one PostgreSQL wire listener: accepts, moves bytes between sockets, TLS
/// and connection machines, runs timers, and hands backend calls to tasks whose answers come
/// back through a mailbox.
///
/// `@unchecked Sendable` invariant: every stored `var` is touched only on the loop's thread;
/// other threads use only `mailbox` (in a `Mutex`), the eventfd and `exited`.
final class PGEventLoop: @unchecked Sendable {
    enum Message: @unchecked Sendable {
        case opened(fd: Int32, id: UInt64, PGOpenedSession)
        case completed(fd: Int32, id: UInt64, PGConnectionMachine.Response)
        case shutdown
    }

    final class Connection {
        let fd: Int32
        let id: UInt64
        var machine: PGConnectionMachine
        var tls: PGTLSSession?
        var session: (any PGSession)?
        var pending: [UInt8] = []
        var pendingOffset = 0
        var closeWhenFlushed = false
        var interest: UInt32 = 0
        var scheduled: UInt64 = .max
        let processID: Int32

        init(fd: Int32, id: UInt64, machine: PGConnectionMachine, processID: Int32) {
            self.fd = fd
            self.id = id
            self.machine = machine
            self.processID = processID
        }
    }

    let configuration: PGListenerConfiguration
    let backend: any PGBackend
    let tlsContext: PGTLSContext?
    let registry: PGCancelRegistry
    let listenFd: Int32
    let epfd: Int32
    let wakeFd: Int32
    let mailbox = Mutex<(open: Bool, messages: [Message])>((true, []))
    let exited = Mutex<(done: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    let openCount = Atomic<Int>(0)

    var connections: [Connection?] = []
    var timers = TimerHeap()
    var nextID: UInt64 = 1
    var now: UInt64 = 0
    var listening = false
    var acceptResumeAt: UInt64?
    var stopping = false
    let readBuffer: UnsafeMutableRawBufferPointer
    var events = [epoll_event](repeating: epoll_event(), count: 128)

    init(configuration: PGListenerConfiguration, listenFd: Int32, backend: any PGBackend, tls: PGTLSContext?,
         registry: PGCancelRegistry) throws {
        self.configuration = configuration
        self.listenFd = listenFd
        self.backend = backend
        tlsContext = tls
        self.registry = registry
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw SocketError.last("epoll_create1") }
        wakeFd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFd >= 0 else {
            close(epfd)
            throw SocketError.last("eventfd")
        }
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        register(wakeFd, EPOLLIN.rawValue)
    }

    deinit {
        close(wakeFd)
        readBuffer.deallocate()
    }

    func post(_ message: Message) {
        let wake = mailbox.withLock { box -> Bool in
            guard box.open else { return false }
            box.messages.append(message)
            return box.messages.count == 1
        }
        if wake {
            var one: UInt64 = 1
            _ = write(wakeFd, &one, 8)
        }
    }

    func start() {
        DedicatedThread.start(name: "pgwire-loop", stackSize: 1 << 20) { [self] in run() }
    }

    func waitForExit() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = exited.withLock { s -> Bool in
                if s.done { return true }
                s.waiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    func run() {
        now = POSIX.monotonicNanos()
        startListening()
        while !(stopping && openCount.load(ordering: .relaxed) == 0) {
            let n = epoll_wait(epfd, &events, Int32(events.count), waitTimeout())
            now = POSIX.monotonicNanos()
            if n > 0 {
                for i in 0..<Int(n) {
                    handle(fd: Int32(truncatingIfNeeded: events[i].data.u64), mask: events[i].events)
                }
            }
            runTimers()
            if let resume = acceptResumeAt, now >= resume, !stopping {
                acceptResumeAt = nil
                startListening()
            }
        }
        close(epfd)
        let leftovers = mailbox.withLock { box -> [Message] in
            box.open = false
            defer { box.messages = [] }
            return box.messages
        }
        for case .opened(_, _, let opened) in leftovers {
            let session = opened.session
            Task { await session.close() }
        }
        let waiters = exited.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.done = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    func waitTimeout() -> Int32 {
        var deadline = timers.peek()?.deadline ?? (now &+ 1_000_000_000)
        if let r = acceptResumeAt { deadline = min(deadline, r) }
        deadline = min(deadline, now &+ 1_000_000_000)
        if deadline <= now { return 0 }
        return Int32((deadline - now + 999_999) / 1_000_000)
    }

    func register(_ fd: Int32, _ mask: UInt32) {
        var event = epoll_event()
        event.events = mask
        event.data.u64 = UInt64(UInt32(bitPattern: fd))
        _ = epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event)
    }

    func handle(fd: Int32, mask: UInt32) {
        if fd == wakeFd {
            drainMailbox()
        } else if fd == listenFd {
            acceptConnections()
        } else if Int(fd) < connections.count, let c = connections[Int(fd)] {
            handleSocket(c, mask: mask)
        }
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
            case .opened(let fd, let id, let opened):
                guard let c = live(fd, id) else {
                    let session = opened.session
                    Task { await session.close() }
                    continue
                }
                c.session = opened.session
                registry.register(c.processID, key: c.machine.settings.secretKey, session: opened.session)
                apply(c, c.machine.completed(.opened(parameters: opened.parameters), now: now))
            case .completed(let fd, let id, let response):
                guard let c = live(fd, id) else { continue }
                apply(c, c.machine.completed(response, now: now))
            case .shutdown:
                beginStop()
            }
        }
    }

    func live(_ fd: Int32, _ id: UInt64) -> Connection? {
        guard Int(fd) < connections.count, let c = connections[Int(fd)], c.id == id else { return nil }
        return c
    }
}
