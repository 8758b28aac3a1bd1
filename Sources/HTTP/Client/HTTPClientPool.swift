import Glibc

/// A pooled keep-alive HTTP/1.1 client to one `host:port`, for forwarding traffic (the global
/// failover endpoint) where a connection and a thread per call would cost more than the call.
///
/// Up to `maxConnections` worker threads each keep one keep-alive connection and take requests
/// from one FIFO queue; a request never runs on the cooperative pool. A kept connection that the
/// peer closed meanwhile (idle timeout, a killed listener) is noticed before reuse and replaced;
/// connections idle longer than `idleTimeout` are dropped. An idempotent request (GET, HEAD,
/// OPTIONS) that fails on a reused connection before any response byte is retried once on a
/// fresh one; other methods report the error, since the peer may have acted on them.
public final class HTTPClientPool: @unchecked Sendable {
    /// One queued request and whom to tell.
    struct Job {
        var method: String
        var path: String
        var headers: [(String, String)]
        var body: [UInt8]
        var timeout: Duration
        var completion: @Sendable (Result<HTTPClientResponse, HTTPClientError>) -> Void
    }

    public let host: String
    public let port: Int
    public let maxConnections: Int
    public let idleTimeout: Duration

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    // Guarded by `mutex`.
    private var queue: [Job] = []
    private var queueHead = 0
    private var workers = 0
    private var idleWorkers = 0
    private var closed = false

    /// Creates an empty pool; workers start with the first requests.
    public init(host: String = "127.0.0.1", port: Int, maxConnections: Int = 32, idleTimeout: Duration = .seconds(10)) {
        self.host = host
        self.port = port
        self.maxConnections = max(1, maxConnections)
        self.idleTimeout = idleTimeout
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Queues a request; `completion` runs once on a worker thread (it must not block long).
    public func send(
        method: String = "GET", path: String, headers: [(String, String)] = [], body: [UInt8] = [],
        timeout: Duration = .seconds(30), completion: @escaping @Sendable (Result<HTTPClientResponse, HTTPClientError>) -> Void
    ) {
        let job = Job(method: method, path: path, headers: headers, body: body, timeout: timeout, completion: completion)
        pthread_mutex_lock(mutex)
        if closed {
            pthread_mutex_unlock(mutex)
            completion(.failure(.closed))
            return
        }
        queue.append(job)
        let spawn = idleWorkers == 0 && workers < maxConnections
        if spawn { workers += 1 }
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
        if spawn {
            DedicatedThread.start(name: "http-pool") { [self] in self.work() }
        }
    }

    /// The async form of `send`.
    public func send(
        method: String = "GET", path: String, headers: [(String, String)] = [], body: [UInt8] = [],
        timeout: Duration = .seconds(30)
    ) async throws(HTTPClientError) -> HTTPClientResponse {
        let result = await withCheckedContinuation { continuation in
            send(method: method, path: path, headers: headers, body: body, timeout: timeout) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Refuses new requests, fails the queued ones and lets every worker exit (idle connections close).
    public func shutdown() {
        pthread_mutex_lock(mutex)
        closed = true
        let pending = Array(queue[queueHead...])
        queue.removeAll()
        queueHead = 0
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        for job in pending { job.completion(.failure(.closed)) }
    }

    /// Waits for the next job; nil once the pool is shut down or the worker idled past
    /// `idleTimeout` (it then closes its connection and exits).
    private func next() -> Job? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        // An absolute CLOCK_REALTIME deadline, as pthread_cond_timedwait wants it.
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let idle = HTTPTimeouts.nanos(idleTimeout)
        let nanos = UInt64(deadline.tv_nsec) + idle % 1_000_000_000
        deadline.tv_sec += Int(idle / 1_000_000_000) + Int(nanos / 1_000_000_000)
        deadline.tv_nsec = Int(nanos % 1_000_000_000)
        while queueHead == queue.count && !closed {
            idleWorkers += 1
            let rc = pthread_cond_timedwait(condition, mutex, &deadline)
            idleWorkers -= 1
            if rc == ETIMEDOUT && queueHead == queue.count && !closed {
                workers -= 1
                return nil
            }
        }
        if closed {
            workers -= 1
            return nil
        }
        let job = queue[queueHead]
        queueHead += 1
        if queueHead > 64 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        return job
    }

    /// A worker: one connection, kept across jobs while the peer keeps it.
    private func work() {
        var connection: HTTPClientConnection?
        while let job = next() {
            if let kept = connection, !Self.isUsable(kept) { connection = nil }
            let reused = connection != nil
            var result = attempt(job, on: &connection)
            if case .failure(let error) = result, reused, error == .closed || Self.isReset(error),
                ["GET", "HEAD", "OPTIONS"].contains(job.method)
            {
                connection = nil
                result = attempt(job, on: &connection)
            }
            job.completion(result)
        }
    }

    private func attempt(_ job: Job, on connection: inout HTTPClientConnection?) -> Result<HTTPClientResponse, HTTPClientError> {
        do {
            let c = try connection ?? HTTPClientConnection(host: host, port: port, timeout: job.timeout)
            connection = c
            let response = try c.request(
                method: job.method, path: job.path, host: host, port: port, headers: job.headers, body: job.body,
                timeout: job.timeout)
            if response.headers["connection"]?.lowercased() == "close" || c.peerClosed { connection = nil }
            return .success(response)
        } catch let error as HTTPClientError {
            connection = nil
            return .failure(error)
        } catch {
            connection = nil
            return .failure(.malformed("\(error)"))
        }
    }

    /// False when the peer closed the kept connection (or sent bytes nobody asked for).
    static func isUsable(_ connection: HTTPClientConnection) -> Bool {
        var p = pollfd(fd: connection.fd, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) == 0
    }

    static func isReset(_ error: HTTPClientError) -> Bool {
        if case .send(let code) = error { return code == EPIPE || code == ECONNRESET }
        return false
    }
}
