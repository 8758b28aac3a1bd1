import Foundation
import Replication

/// A dedicated thread that owns thread-confined state (SQLite connections) and runs jobs on it.
///
/// SQLite calls block (disk I/O, fsync, busy waits), and Swift's cooperative pool has only about
/// one thread per core, so no sqlite3 call may run there. Async callers hand a closure to `run`;
/// it executes on this thread with the context and the result comes back through a continuation.
/// Jobs run one at a time, in submission order.
///
/// `@unchecked Sendable`: the context is created, used and released only on the executor's own
/// thread; the job queue is guarded by `condition`.
public final class SQLiteExecutor<Context>: @unchecked Sendable {
    /// A queued job: what to run with the context (returning how to deliver the result), and
    /// how to fail when there is no context.
    private struct Job {
        var run: (Context) -> (@Sendable () -> Void)?
        var fail: (any Error) -> Void
    }

    /// Results are delivered (continuations resumed) after at most this many jobs, or when the
    /// queue is empty: each resume wakes a cooperative-pool thread, and waking in bursts costs the
    /// executor thread far fewer system calls than waking once per job.
    public var deliveryBatch = 16

    /// Errors of the executor itself.
    public enum ExecutorError: Error, Sendable, Hashable {
        /// The executor was shut down before the job ran.
        case shutDown(String)
    }

    public let name: String
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var stopping = false
    private var contextError: (any Error)?
    private var context: Context?

    /// Starts the thread and creates the context on it with `makeContext`. A creation error
    /// fails every job.
    public init(name: String, makeContext: @escaping @Sendable () throws -> Context) {
        self.name = name
        let thread = Thread { [self] in self.main(makeContext) }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Runs `body` on the executor's thread with the context and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable (Context) throws -> T) async throws -> T {
        try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<T, any Error>) in
            let job = Job(
                run: { context in
                    let result = Result { try body(context) }
                    return { continuation.resume(with: result) }
                },
                fail: { continuation.resume(throwing: $0) })
            enqueue(job)
        }
    }

    /// Queues `body` to run on the executor's thread with the context, without waiting for it
    /// (for callers on other dedicated threads, which must not block). Dropped after shutdown.
    public func submit(_ body: @escaping @Sendable (Context) -> Void) {
        enqueue(Job(run: { context in body(context); return nil }, fail: { _ in }))
    }

    /// Runs `finally` with the context as the last job, then stops the thread. Later jobs fail
    /// with `ExecutorError.shutDown`.
    public func shutdown(_ finally: @escaping @Sendable (Context) -> Void) async {
        await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
            let job = Job(
                run: { context in
                    finally(context)
                    return { continuation.resume() }
                },
                fail: { _ in continuation.resume() })
            enqueue(job, stop: true)
        }
    }

    /// Stops the thread without waiting, running `finally` first (for deinit paths).
    public func shutdownDetached(_ finally: @escaping @Sendable (Context) -> Void) {
        enqueue(Job(run: { finally($0); return nil }, fail: { _ in }), stop: true)
    }

    private func enqueue(_ job: Job, stop: Bool = false) {
        condition.lock()
        if stopping {
            condition.unlock()
            job.fail(ExecutorError.shutDown(name))
            return
        }
        queue.append(job)
        if stop { stopping = true }
        condition.signal()
        condition.unlock()
    }

    private func main(_ makeContext: @Sendable () throws -> Context) {
        do { context = try makeContext() } catch { contextError = error }
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            let jobs = queue
            queue.removeAll(keepingCapacity: true)
            let done = stopping
            condition.unlock()
            var deliveries: [@Sendable () -> Void] = []
            deliveries.reserveCapacity(min(jobs.count, deliveryBatch))
            for job in jobs {
                if let context {
                    guard let delivery = job.run(context) else { continue }
                    deliveries.append(delivery)
                    if deliveries.count >= deliveryBatch {
                        PoolHandoff.run(deliveries)
                        deliveries.removeAll(keepingCapacity: true)
                    }
                } else {
                    job.fail(contextError ?? ExecutorError.shutDown(name))
                }
            }
            PoolHandoff.run(deliveries)
            if done {
                condition.lock()
                let more = !queue.isEmpty
                condition.unlock()
                if !more { break }
            }
        }
        context = nil
    }
}
