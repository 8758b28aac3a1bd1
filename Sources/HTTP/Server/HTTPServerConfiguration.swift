import ServerSupport
import Glibc

/// How an `HTTPServer` listens and what it tolerates.
public struct HTTPServerConfiguration: Sendable {
    /// The IPv4 address to bind; 127.0.0.1 by default (this is an emulator).
    public var host: String = "127.0.0.1"
    /// The port to bind; 0 picks a free port (read it back from `HTTPServer.port`).
    public var port: Int = 0
    /// Event-loop threads, each with its own epoll instance; defaults to the number of cores.
    public var loops: Int = HTTPServerConfiguration.coreCount
    /// Parser limits (request line, header sizes and count).
    public var limits: HTTPParserLimits = HTTPParserLimits()
    /// Per-connection deadlines.
    public var timeouts: HTTPTimeouts = HTTPTimeouts()
    /// Most open connections across all loops; accepting pauses at the cap.
    public var maxConnections: Int = 4096
    /// The listen(2) backlog.
    public var backlog: Int32 = 511
    /// Most connections accepted per listener wake-up on one loop.
    public var acceptBatch: Int = 16

    /// Creates the default configuration.
    public init() {}

    /// Creates a configuration for a host and port with defaults elsewhere.
    public init(host: String = "127.0.0.1", port: Int, loops: Int? = nil) {
        self.host = host
        self.port = port
        if let loops { self.loops = max(1, loops) }
    }

    /// Online processors (at least 1).
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

/// A socket-level failure with the call that failed and its errno (the shared `SocketError`).
public typealias HTTPSocketError = SocketError
