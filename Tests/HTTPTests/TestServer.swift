import Glibc
import Synchronization
import Testing
@testable import HTTP

/// A server on a free port with a responder that exercises the routes the tests need.
///
/// Routes: `/small` answers "hello"; `/limited` accepts bodies up to 10 bytes; `/async` answers
/// from a Task; `/deferred` and `/deferred-inline` answer through an `HTTPResponseSink` (from a
/// task, and at once on the loop thread); anything else answers `path=<path> body=<n>` so a test can tell which request a
/// response belongs to.
struct TestServer {
    let server: HTTPServer
    let port: Int
    /// Signalled when a `/slow` request reaches its handler.
    let slowRequestStarted: TestSignal

    static func start(
        loops: Int = 1, timeouts: HTTPTimeouts = HTTPTimeouts(), maxConnections: Int = 4096
    ) throws -> TestServer {
        var configuration = HTTPServerConfiguration(port: 0, loops: loops)
        configuration.timeouts = timeouts
        configuration.maxConnections = maxConnections
        let slowRequestStarted = TestSignal()
        let responder = HTTPClosureResponder(bodyLimit: { head in head.path == "/limited" ? 10 : 1 << 20 }) { request in
            switch request.path {
            case "/small":
                return .now(HTTPResponse(status: 200, contentType: "text/plain", body: "hello"))
            case "/async":
                return .later {
                    try? await Task.sleep(for: .milliseconds(5))
                    return HTTPResponse(status: 200, contentType: "text/plain", body: "async")
                }
            case "/slow":
                slowRequestStarted.signal()
                return .later {
                    try? await Task.sleep(for: .milliseconds(400))
                    return HTTPResponse(status: 200, contentType: "text/plain", body: "slow")
                }
            case "/deferred":
                // Answered from a task through the sink; the second send must be dropped.
                return .deferred { sink in
                    Task {
                        try? await Task.sleep(for: .milliseconds(5))
                        let first = sink.send(HTTPResponse(status: 200, contentType: "text/plain", body: "deferred"))
                        let second = sink.send(HTTPResponse(status: 500, contentType: "text/plain", body: "duplicate"))
                        deferredSends.record(first: first, second: second)
                    }
                }
            case "/deferred-inline":
                // Answered before the start closure even returns, on the loop thread itself.
                return .deferred { sink in sink.send(HTTPResponse(status: 201, contentType: "text/plain", body: "inline")) }
            case "/big":
                // 3 MiB: larger than the socket buffers, so writes are partial and EPOLLOUT is used.
                return .now(HTTPResponse(status: 200, body: (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 % 251) }))
            case "/nocontent":
                return .now(HTTPResponse(status: 204))
            default:
                return .now(HTTPResponse(
                    status: 200, contentType: "text/plain",
                    body: "path=\(request.path) body=\(String(decoding: request.body, as: UTF8.self))"))
            }
        }
        let server = HTTPServer(configuration: configuration, responder: responder)
        let port = try server.start()
        return TestServer(server: server, port: port, slowRequestStarted: slowRequestStarted)
    }

    /// Runs blocking socket work on a dedicated thread (never on the cooperative pool).
    func blocking<T: Sendable>(_ body: @escaping @Sendable (Int) throws -> T) async throws -> T {
        let port = self.port
        return try await DedicatedThread.run { try body(port) }
    }

    func stop() async {
        await server.shutdown(deadline: .seconds(2))
    }
}

extension HTTPClientConnection {
    /// Reads until the peer closes; returns the bytes that arrived, or nil if it stayed open.
    func readToClose(timeout: Duration = .seconds(3)) -> [UInt8]? {
        let deadline = POSIX.monotonicNanos() &+ HTTPTimeouts.nanos(timeout)
        do {
            while try fill(until: deadline) {}
        } catch {
            return nil
        }
        defer { buffer = [] }
        return buffer
    }
}

/// How long a test waits for a response before calling it a hang. Generous on purpose: the whole
/// suite runs in parallel on 2 cores, and this bound detects hangs; it asserts nothing about speed.
let testReadTimeout: Duration = .seconds(30)

/// What the `/deferred` route's two `send` calls returned, in order.
final class SendLog: Sendable {
    private let results = Mutex<[Bool]>([])
    func record(first: Bool, second: Bool) { results.withLock { $0 += [first, second] } }
    var all: [Bool] { results.withLock { $0 } }
}

/// Shared by every `TestServer`: each `/deferred` request appends its two results.
let deferredSends = SendLog()

/// A one-shot flag a server-side handler raises and a test waits for.
final class TestSignal: Sendable {
    private let raised = Mutex(false)
    func signal() { raised.withLock { $0 = true } }
    /// Polls until raised or the timeout passes; true if raised.
    func wait(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if raised.withLock({ $0 }) { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return raised.withLock { $0 }
    }
}

/// Open file descriptors of this process.
func openFileDescriptorCount() -> Int {
    guard let dir = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(dir) }
    var count = 0
    while readdir(dir) != nil { count += 1 }
    return count
}
