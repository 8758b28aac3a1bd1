import Foundation

/// One dedicated thread per node that runs `fsync`, so the three nodes of one driver iteration
/// sync in parallel instead of one after another (all in-process nodes share one disk).
final class SyncWorkers: @unchecked Sendable {
    private let lock = NSCondition()
    private var jobs: [(() -> Void)?] = [nil, nil, nil]
    private var pending = 0
    private var running = true
    private var threads: [Thread] = []

    init() {
        for i in 0..<3 {
            let t = Thread { [unowned self] in self.loop(i) }
            t.name = "replication-fsync-\(i)"
            threads.append(t)
            t.start()
        }
    }

    /// Runs the jobs (one per node, nil for none) in parallel; returns when all are done.
    func runAll(_ work: [(() -> Void)?]) {
        let count = work.compactMap { $0 }.count
        if count == 0 { return }
        if count == 1 {
            work.compactMap { $0 }.first!()
            return
        }
        lock.lock()
        jobs = work
        pending = count
        lock.broadcast()
        while pending > 0 { lock.wait() }
        lock.unlock()
    }

    func shutdown() {
        lock.lock()
        running = false
        lock.broadcast()
        lock.unlock()
    }

    private func loop(_ i: Int) {
        while true {
            lock.lock()
            while running && jobs[i] == nil { lock.wait() }
            guard running, let job = jobs[i] else {
                lock.unlock()
                return
            }
            jobs[i] = nil
            lock.unlock()
            job()
            lock.lock()
            pending -= 1
            lock.broadcast()
            lock.unlock()
        }
    }
}
