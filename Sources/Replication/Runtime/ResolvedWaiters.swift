/// Callers whose proposal or read outcome one driver iteration resolved, resumed together.
///
/// It exists because resuming a continuation from the driver thread hands a job to Swift's
/// cooperative pool, and each hand-off from outside the pool may wake a pool thread with a
/// system call. One iteration often resolves many commits at once (group commit); resuming them
/// from one pool task costs the driver one hand-off instead of one per caller, as
/// `SQLiteExecutor` does for its results. A lone outcome is resumed directly (no extra hop).
struct ResolvedWaiters {
    var proposals: [(CheckedContinuation<ProposalOutcome, Never>, ProposalOutcome)] = []
    var reads: [(CheckedContinuation<ReadOutcome, Never>, ReadOutcome)] = []

    /// Resumes everything collected so far and empties the lists.
    mutating func resumeAll() {
        let count = proposals.count + reads.count
        guard count > 0 else { return }
        let p = proposals, r = reads
        proposals.removeAll(keepingCapacity: true)
        reads.removeAll(keepingCapacity: true)
        if count == 1 {
            for (c, o) in p { c.resume(returning: o) }
            for (c, o) in r { c.resume(returning: o) }
            return
        }
        Task.detached {
            for (c, o) in p { c.resume(returning: o) }
            for (c, o) in r { c.resume(returning: o) }
        }
    }
}
