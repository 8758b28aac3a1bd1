import Foundation
import Synchronization

/// A dedicated thread its owner can wait for once it has told it to stop.
///
/// It exists because `Thread.isExecuting` is false for a thread that has been started but has not
/// begun running yet, so an owner that polled it could return from `shutdown` and be freed while
/// the thread was still about to read it. The body signals on exit; `join` waits for that signal
/// once (later calls return at once), so shutting down twice is harmless.
final class JoinableThread: Sendable {
    private let exited = DispatchSemaphore(value: 0)
    private let joined = Mutex(false)

    /// Starts `body` on a new thread named `name`.
    init(name: String, _ body: @escaping @Sendable () -> Void) {
        let exited = self.exited
        let thread = Thread {
            body()
            exited.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Waits until the body has returned (the owner must have made it return).
    func join() {
        guard !joined.withLock({ j in defer { j = true }; return j }) else { return }
        exited.wait()
    }
}
