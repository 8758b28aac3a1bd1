import Foundation

/// One node's persistence thread: makes sealed log writes durable in order, off the driver.
///
/// It exists so the driver never waits for a disk. The driver seals a node's buffered records
/// into a `SealedWrite` and submits it with a sequence number; the node's effects from that
/// batch are held until this queue reports the sequence durable. Jobs queued while a sync runs
/// are written together and made durable by one `fdatasync` (group commit across driver
/// iterations), so the leader's next batch is written while a follower syncs the previous one.
final class PersistQueue: @unchecked Sendable {
    typealias Completion = @Sendable (_ seq: UInt64, _ error: (any Error)?) -> Void

    private struct Job {
        var seq: UInt64
        var storage: LogStorage
        var write: SealedWrite
    }

    private let lock = NSCondition()
    private var jobs: [Job] = []
    private var busy = false
    private var running = true
    private let completion: Completion
    private var thread: JoinableThread?
    /// The error of the last failed write, until `clearFault` (a node restarted after it).
    private var lastFault: (any Error)?

    /// Starts the thread; `completion` runs on it after each group of jobs, with the highest
    /// sequence made durable (or the first error).
    init(name: String, completion: @escaping Completion) {
        self.completion = completion
        thread = JoinableThread(name: name) { [unowned self] in self.loop() }
    }

    /// Queues a write of `storage` (driver thread).
    func submit(seq: UInt64, storage: LogStorage, write: SealedWrite) {
        lock.lock()
        jobs.append(Job(seq: seq, storage: storage, write: write))
        lock.signal()
        lock.unlock()
    }

    /// The error that made the last write fail, if no restart cleared it since.
    var fault: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return lastFault
    }

    /// Records a write failure of this node (also for writes made inline by the driver).
    func recordFault(_ error: any Error) {
        lock.lock()
        lastFault = error
        lock.unlock()
    }

    func clearFault() {
        lock.lock()
        lastFault = nil
        lock.unlock()
    }

    /// Blocks until every submitted job is durable (a node restarting reads its file afresh).
    func drain() {
        lock.lock()
        while busy || !jobs.isEmpty { lock.wait() }
        lock.unlock()
    }

    /// Finishes the queued jobs, then ends the thread.
    func shutdown() {
        lock.lock()
        running = false
        lock.broadcast()
        lock.unlock()
        thread?.join()
    }

    private func loop() {
        while true {
            lock.lock()
            while running && jobs.isEmpty { lock.wait() }
            if jobs.isEmpty {
                lock.unlock()
                return
            }
            let batch = jobs
            jobs = []
            busy = true
            lock.unlock()
            var failure: (any Error)?
            // Consecutive jobs of one storage: write them all, then one fdatasync.
            var start = 0
            while start < batch.count, failure == nil {
                var end = start + 1
                while end < batch.count, batch[end].storage === batch[start].storage { end += 1 }
                do {
                    try batch[start].storage.persist(batch[start..<end].map(\.write))
                } catch {
                    failure = error
                }
                start = end
            }
            if let failure { recordFault(failure) }
            completion(batch[batch.count - 1].seq, failure)
            lock.lock()
            busy = false
            lock.broadcast()
            lock.unlock()
        }
    }
}
