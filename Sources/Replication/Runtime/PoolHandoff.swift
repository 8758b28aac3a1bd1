/// Resumes callers waiting on the cooperative pool from a dedicated thread, in one hand-off.
///
/// It exists because resuming a continuation from a thread outside Swift's cooperative pool (the
/// log's driver, a SQLite thread) enqueues a job from outside, and each such enqueue may wake a
/// pool thread with a system call. Work that finishes in groups (group commit, an apply batch)
/// resolves many callers at once: resuming them from one pool task costs the dedicated thread one
/// hand-off instead of one per caller. A lone resumption runs directly (no extra hop).
public struct PoolHandoff: Sendable {
    private var jobs: [@Sendable () -> Void] = []

    public init() {}

    /// True when nothing is queued.
    public var isEmpty: Bool { jobs.isEmpty }

    /// Queues one resumption (typically `{ continuation.resume(returning: value) }`).
    public mutating func add(_ job: @escaping @Sendable () -> Void) {
        jobs.append(job)
    }

    /// Runs everything queued so far (see `run`) and empties the queue.
    public mutating func flush() {
        guard !jobs.isEmpty else { return }
        let batch = jobs
        jobs.removeAll(keepingCapacity: true)
        Self.run(batch)
    }

    /// Runs `jobs`: one directly, several from one detached pool task, in order.
    public static func run(_ jobs: [@Sendable () -> Void]) {
        switch jobs.count {
        case 0: return
        case 1: jobs[0]()
        default:
            Task.detached {
                for job in jobs { job() }
            }
        }
    }
}
