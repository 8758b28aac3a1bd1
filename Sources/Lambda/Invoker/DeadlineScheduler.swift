import Foundation

/// Runs actions at monotonic deadlines on one dedicated thread: the timeouts of every invocation
/// (Lambda's own and API Gateway's integration deadline) share it.
///
/// Why: a `Task.sleep` per invocation costs a task, a dispatch timer source and two thread
/// wake-ups even when the timer is cancelled a millisecond later, which made timeouts one of the
/// largest costs of a request. Here scheduling and cancelling are a lock and an O(log n) heap step
/// (an indexed min-heap, so a cancelled timer leaves the heap at once and the thread only ever
/// sleeps until a live deadline). Actions run on the scheduler's thread, outside its lock, one at
/// a time in deadline order; they must not block (resuming a continuation or cancelling a task
/// is what they are for).
public final class DeadlineScheduler: @unchecked Sendable {
    /// The process-wide scheduler.
    public static let shared = DeadlineScheduler()

    /// A scheduled action; pass it to `cancel`. Its fields are guarded by the scheduler's lock.
    public final class Timer: @unchecked Sendable {
        fileprivate let deadline: UInt64
        fileprivate let sequence: UInt64
        fileprivate var action: (@Sendable () -> Void)?
        /// Position in the heap, -1 once fired or cancelled.
        fileprivate var index: Int = -1

        fileprivate init(deadline: UInt64, sequence: UInt64, action: @escaping @Sendable () -> Void) {
            self.deadline = deadline
            self.sequence = sequence
            self.action = action
        }
    }

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    // Guarded by `mutex`.
    private var heap: [Timer] = []
    private var nextSequence: UInt64 = 0
    private var threadStarted = false

    /// Creates a scheduler; its thread starts with the first `schedule`.
    public init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        // Only a scheduler whose thread never started gets here: a running thread keeps its
        // scheduler alive for the rest of the process.
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Runs `action` once `delay` has elapsed, unless cancelled first.
    @discardableResult
    public func schedule(after delay: Duration, _ action: @escaping @Sendable () -> Void) -> Timer {
        schedule(atNanoseconds: Self.monotonicNanos() &+ Self.nanoseconds(delay), action)
    }

    /// Runs `action` at `deadline` (CLOCK_MONOTONIC nanoseconds, see `monotonicNanos`), unless
    /// cancelled first. Tests use it to give several timers deadlines from one instant, so a
    /// descheduled test thread cannot reorder them.
    @discardableResult
    func schedule(atNanoseconds deadline: UInt64, _ action: @escaping @Sendable () -> Void) -> Timer {
        pthread_mutex_lock(mutex)
        let timer = Timer(deadline: deadline, sequence: nextSequence, action: action)
        nextSequence &+= 1
        timer.index = heap.count
        heap.append(timer)
        siftUp(heap.count - 1)
        let becameFirst = timer.index == 0
        if !threadStarted {
            threadStarted = true
            startThread()
        }
        pthread_mutex_unlock(mutex)
        if becameFirst { pthread_cond_signal(condition) }
        return timer
    }

    /// Cancels `timer`; true when it had neither fired nor been cancelled yet (its action will
    /// then never run).
    @discardableResult
    public func cancel(_ timer: Timer) -> Bool {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        guard timer.index >= 0 else { return false }
        remove(at: timer.index)
        timer.action = nil
        return true
    }

    /// How many timers are waiting (tests).
    public var pendingCount: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return heap.count
    }

    // MARK: - Thread

    private func startThread() {
        let thread = Thread { [self] in self.loop() }
        thread.name = "regionstack-deadlines"
        thread.stackSize = 256 * 1024
        thread.start()
    }

    private func loop() {
        pthread_mutex_lock(mutex)
        while true {
            guard let first = heap.first else {
                pthread_cond_wait(condition, mutex)
                continue
            }
            let now = Self.monotonicNanos()
            if first.deadline <= now {
                remove(at: 0)
                let action = first.action
                first.action = nil
                pthread_mutex_unlock(mutex)
                action?()
                pthread_mutex_lock(mutex)
            } else {
                var until = timespec(tv_sec: Int(first.deadline / 1_000_000_000), tv_nsec: Int(first.deadline % 1_000_000_000))
                _ = pthread_cond_timedwait(condition, mutex, &until)
            }
        }
    }

    // MARK: - Heap (guarded by `mutex`)

    private func before(_ a: Timer, _ b: Timer) -> Bool {
        a.deadline != b.deadline ? a.deadline < b.deadline : a.sequence < b.sequence
    }

    private func remove(at index: Int) {
        let last = heap.count - 1
        heap[index].index = -1
        if index != last {
            heap.swapAt(index, last)
            heap[index].index = index
        }
        heap.removeLast()
        if index < heap.count {
            siftDown(index)
            siftUp(index)
        }
    }

    private func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            heap[child].index = child
            heap[parent].index = parent
            child = parent
        }
    }

    private func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count, before(heap[left + 1], heap[left]) { smallest = left + 1 }
            guard before(heap[smallest], heap[parent]) else { return }
            heap.swapAt(smallest, parent)
            heap[smallest].index = smallest
            heap[parent].index = parent
            parent = smallest
        }
    }

    // MARK: - Time

    static func monotonicNanos() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    /// A duration in whole nanoseconds, 0 for negative ones, saturating at about 290 years.
    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let parts = duration.components
        guard parts.seconds >= 0, parts.attoseconds >= 0 || parts.seconds > 0 else { return 0 }
        guard parts.seconds < 9_000_000_000 else { return 9_000_000_000 * 1_000_000_000 }
        let nanos = parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
        return UInt64(max(0, nanos))
    }
}
