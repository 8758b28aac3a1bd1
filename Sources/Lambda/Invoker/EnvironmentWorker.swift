import Synchronization

/// The runtime loop of one execution environment: a long-lived task that runs the environment's
/// invocations one after another, like the runtime process of a real Lambda environment.
///
/// Why: a new `Task` per invocation costs a task allocation (over a kilobyte, so it bypasses the
/// allocator's per-thread caches), a second allocation when the handler's async frames outgrow
/// the task's first slab, and the task's teardown; a warm environment's own task keeps its
/// slabs and only resumes. An environment runs one invocation at a time, so a job is normally
/// handed straight to the waiting loop. Cancelling `task` (a timeout or a region kill) ends the
/// loop with the environment, which is then discarded; dropping the environment finishes the
/// queue, which ends the task.
final class EnvironmentWorker: Sendable {
    typealias Job = @Sendable () async -> Void

    private let queue = JobQueue()
    /// The loop's task: what a timeout or a kill cancels.
    let task: Task<Void, Never>

    init() {
        let queue = self.queue
        task = Task {
            // Ends when the queue is finished, or after the running job once cancelled; a
            // cancellation while waiting finishes the queue, which wakes the wait.
            await withTaskCancellationHandler {
                while !Task.isCancelled, let job = await queue.next() { await job() }
            } onCancel: {
                queue.finish()
            }
        }
    }

    deinit {
        queue.finish()
    }

    /// Queues `job`; false when the loop has ended or is ending (the caller then runs it elsewhere).
    func submit(_ job: @escaping Job) -> Bool {
        if task.isCancelled { return false }
        return queue.push(job)
    }

    /// Ends the loop once the queued jobs have run.
    func finish() {
        queue.finish()
    }

    /// Jobs waiting for the loop, and the loop's continuation while it waits for one.
    final class JobQueue: Sendable {
        private struct State {
            var jobs: [Job] = []
            var waiter: UnsafeContinuation<Job?, Never>?
            var finished = false
        }
        private let state = Mutex(State())

        /// Hands `job` to the waiting loop, or queues it; false once finished.
        func push(_ job: @escaping Job) -> Bool {
            let (accepted, waiter) = state.withLock { s -> (Bool, UnsafeContinuation<Job?, Never>?) in
                if s.finished { return (false, nil) }
                if let waiter = s.waiter {
                    s.waiter = nil
                    return (true, waiter)
                }
                s.jobs.append(job)
                return (true, nil)
            }
            waiter?.resume(returning: job)
            return accepted
        }

        /// The next job, waiting for one; nil once finished and drained.
        func next() async -> Job? {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Job?, Never>) in
                let ready = state.withLock { s -> Job?? in
                    if !s.jobs.isEmpty { return .some(s.jobs.removeFirst()) }
                    if s.finished { return .some(nil) }
                    s.waiter = continuation
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }

        /// Refuses further jobs and wakes a waiting loop with nil.
        func finish() {
            let waiter = state.withLock { s -> UnsafeContinuation<Job?, Never>? in
                s.finished = true
                defer { s.waiter = nil }
                return s.jobs.isEmpty ? s.waiter : nil
            }
            waiter?.resume(returning: nil)
        }
    }
}
