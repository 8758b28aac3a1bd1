import Foundation

/// Runs CPU-bound test work on a thread of its own, off Swift's cooperative pool.
///
/// The pool has two threads on this box. A synchronous simulation that runs for seconds on one of
/// them starves every async test in the same process (the socket tests' handlers, for one), so
/// long synchronous work goes here and only its result comes back to the test.
enum OffPool {
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }
}
