import Glibc
import HTTP
import Synchronization

/// The composition root: boots the stack's listeners and stops them, in-process.
///
/// `regionstack up` and the tests both use it, so a test boots exactly what the command boots,
/// on port 0. Today it runs the admin listener; the regional API listeners join it when the API
/// Gateway issue lands.
public final class StackRuntime: Sendable {
    let admin = Mutex<HTTPServer?>(nil)

    /// Creates a stopped runtime.
    public init() {}

    /// Starts every listener, then writes the outputs file (atomically) if asked.
    public func start(_ options: StackOptions) async throws -> StackEndpoints {
        var configuration = HTTPServerConfiguration(host: options.host, port: options.adminPort, loops: options.loops)
        configuration.maxConnections = 4096
        let startedAt = Self.monotonicNanos()
        let server = HTTPServer(
            configuration: configuration,
            responder: AdminResponder(startedAt: startedAt, clock: { StackRuntime.monotonicNanos() }),
            logger: { message in
                let line = Array("regionstack admin: \(message)\n".utf8)
                _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            })
        try admin.withLock { current in
            if current != nil { throw StackError.alreadyRunning }
            current = server
        }
        let port: Int
        do {
            port = try server.start()
        } catch {
            admin.withLock { $0 = nil }
            throw StackError.listen("\(options.host):\(options.adminPort): \(error)")
        }
        let base = "http://\(options.host):\(port)"
        let endpoints = StackEndpoints(adminURL: base, healthURL: base + "/_regionstack/health", adminPort: port)
        if let path = options.outputsFile {
            do {
                try Self.writeAtomically(path: path, contents: JSONText.object(endpoints.outputs))
            } catch {
                await stop()
                throw error
            }
        }
        return endpoints
    }

    /// Stops every listener gracefully (in-flight requests get up to `deadline`).
    public func stop(deadline: Duration = .seconds(5)) async {
        let server = admin.withLock { current -> HTTPServer? in
            defer { current = nil }
            return current
        }
        await server?.shutdown(deadline: deadline)
    }

    static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Writes `contents` to a temporary file beside `path`, fsyncs it and renames it over `path`,
    /// so readers never see a partial document.
    static func writeAtomically(path: String, contents: String) throws {
        let temporary = "\(path).tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StackError.outputsFile(path: path, errno: errno) }
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw StackError.outputsFile(path: path, errno: code)
            }
            written += n
        }
        fsync(fd)
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw StackError.outputsFile(path: path, errno: code)
        }
    }
}
