import CSystem
import Glibc

/// Thin wrappers over the POSIX calls the servers and clients use, so the loop code reads as intent.
///
/// Shared by the HTTP server and the PostgreSQL wire listener, so both bind, accept and time the same way.
public enum POSIX {
    /// Monotonic time in nanoseconds.
    public static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Ignores SIGPIPE process-wide and raises the open-file soft limit to the hard limit.
    public static func prepareProcess() {
        signal(SIGPIPE, SIG_IGN)
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }

    /// An IPv4 socket address for `host:port`.
    public static func address(host: String, port: Int) throws -> sockaddr_in {
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        let name = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, name, &addr.sin_addr) == 1 else {
            throw SocketError(operation: "inet_pton(\(host))", code: EINVAL)
        }
        return addr
    }

    /// A non-blocking, close-on-exec listening socket bound to `host:port`.
    public static func listen(host: String, port: Int, backlog: Int32) throws -> Int32 {
        var addr = try address(host: host, port: port)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | csystem_sock_nonblock() | csystem_sock_cloexec(), 0)
        guard fd >= 0 else { throw SocketError.last("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let error = SocketError.last("bind \(host):\(port)")
            close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = SocketError.last("listen")
            close(fd)
            throw error
        }
        return fd
    }

    /// The local port a socket is bound to.
    public static func localPort(_ fd: Int32) -> Int {
        var addr = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Address text and port of an IPv4 peer.
    public static func describe(_ addr: sockaddr_in) -> (String, Int) {
        var a = addr.sin_addr
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &a, &text, socklen_t(INET_ADDRSTRLEN))
        let host = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return (host, Int(UInt16(bigEndian: addr.sin_port)))
    }

    public static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Formats an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) for a Unix time.
    public static func httpDate(_ t: time_t) -> [UInt8] {
        var time = t
        var parts = tm()
        gmtime_r(&time, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let text = "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        return Array(text.utf8)
    }
}
