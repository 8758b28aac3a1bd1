import Glibc

/// Runs blocking work on its own pthread, off Swift's cooperative pool.
///
/// Event loops run forever on one; the HTTP client and tests run one blocking call each and
/// bridge the result back with a continuation, so `epoll_wait`, `poll` and `recv` never occupy a
/// cooperative thread.
public enum DedicatedThread {
    final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts a detached thread running `body`.
    /// - Parameter name: a label for diagnostics (Swift's Glibc module does not export
    ///   `pthread_setname_np`, so threads keep their inherited name).
    /// - Parameter stackSize: the thread's stack reservation (virtual memory; only touched pages
    ///   count towards RSS).
    public static func start(name: String, stackSize: Int = 1 << 20, _ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        pthread_attr_setstacksize(&attributes, stackSize)
        let result = pthread_create(&thread, &attributes, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        pthread_attr_destroy(&attributes)
        if result != 0 {
            Unmanaged<Box>.fromOpaque(box).release()
            fatalError("pthread_create failed: \(result)")
        }
    }

    /// Runs a blocking closure on a fresh thread and returns its result.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            start(name: "blocking") {
                continuation.resume(with: Result { try body() })
            }
        }
    }
}
