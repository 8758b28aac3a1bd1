/// The runtime loop of one execution environment: a long-lived task that runs the environment's
/// invocations one after another, like the runtime process of a real Lambda environment.
///
/// Why: a new `Task` per invocation costs a task allocation (over a kilobyte, so it bypasses the
/// allocator's per-thread caches), a second allocation when the handler's async frames outgrow
/// the task's first slab, and the task's teardown; a warm environment's own task keeps its
/// slabs and only resumes. An environment runs one invocation at a time, so jobs never queue for
/// long. Cancelling `task` (a timeout or a region kill) ends the loop with the environment, which
/// is then discarded; dropping the environment finishes the stream, which ends the task.
final class EnvironmentWorker: Sendable {
    typealias Job = @Sendable () async -> Void

    private let jobs: AsyncStream<Job>.Continuation
    /// The loop's task: what a timeout or a kill cancels.
    let task: Task<Void, Never>

    init() {
        let (stream, continuation) = AsyncStream<Job>.makeStream(bufferingPolicy: .unbounded)
        jobs = continuation
        task = Task {
            // Ends when the stream finishes or the task is cancelled (after the running job).
            for await job in stream { await job() }
        }
    }

    deinit {
        jobs.finish()
    }

    /// Queues `job`; false when the loop has ended (the caller then runs the job elsewhere).
    func submit(_ job: @escaping Job) -> Bool {
        if task.isCancelled { return false }
        if case .enqueued = jobs.yield(job) { return true }
        return false
    }

    /// Ends the loop once the queued jobs have run.
    func finish() {
        jobs.finish()
    }
}
