import ServerSupport
import CSystem
import Glibc

/// A response read by the client.
public struct HTTPClientResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// Header fields in arrival order.
    public var headers: HTTPHeaders
    /// The body (de-chunked).
    public var body: [UInt8]

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why a client call failed.
public enum HTTPClientError: Error, Sendable, Equatable {
    /// connect(2) failed with this errno.
    case connect(Int32)
    /// No complete response within the timeout.
    case timeout
    /// The peer closed before a complete response.
    case closed
    /// The bytes were not an HTTP/1.1 response.
    case malformed(String)
    /// send(2) failed with this errno.
    case send(Int32)
}

/// One blocking client connection to `host:port` with a per-call deadline.
///
/// Blocking by design: use it from a `DedicatedThread` (the async `HTTPClient` does), never from
/// the cooperative pool. It keeps unread bytes between responses, so pipelined and kept-alive
/// responses are read in order; tests use it to send raw bytes.
public final class HTTPClientConnection {
    /// The socket.
    public let fd: Int32
    var buffer: [UInt8] = []
    /// True once the peer closed its side.
    public private(set) var peerClosed = false

    /// Connects (blocking, bounded by `timeout`).
    public init(host: String = "127.0.0.1", port: Int, timeout: Duration = .seconds(5)) throws {
        var addr = try POSIX.address(host: host, port: port)
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | csystem_sock_cloexec(), 0)
        guard fd >= 0 else { throw HTTPClientError.connect(errno) }
        POSIX.setNoDelay(fd)
        var tv = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let result = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 {
            // Do not close here: the instance is fully initialized, so throwing still runs
            // `deinit`, which closes `fd`. Closing twice would close whatever socket or file
            // another thread was given that descriptor number in between.
            throw HTTPClientError.connect(errno)
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Sends all bytes.
    public func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw HTTPClientError.send(errno)
            }
            sent += n
        }
    }

    /// Sends text as UTF-8.
    public func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Sends one keep-alive request on this connection and reads its response, so a caller that
    /// keeps the connection can reuse it for the next request.
    public func request(
        method: String = "GET", path: String, host: String = "127.0.0.1", port: Int = 0,
        headers: [(String, String)] = [], body: [UInt8] = [], timeout: Duration = .seconds(5)
    ) throws -> HTTPClientResponse {
        try send(HTTPClient.render(
            host: host, port: port, method: method, path: path, headers: headers, body: body, keepAlive: true))
        return try readResponse(timeout: timeout, forHead: method == "HEAD")
    }

    /// Half-closes the write side.
    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes into the buffer; false on EOF, throws on timeout.
    func fill(until deadline: UInt64) throws -> Bool {
        if peerClosed { return false }
        let now = POSIX.monotonicNanos()
        if now >= deadline { throw HTTPClientError.timeout }
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&p, 1, Int32((deadline - now) / 1_000_000) + 1)
        if ready == 0 { throw HTTPClientError.timeout }
        if ready < 0 { return errno == EINTR ? true : false }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n <= 0 {
            if n < 0 && errno == EINTR { return true }
            peerClosed = true
            return false
        }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    /// True when the peer closes (EOF or reset) within `timeout` without sending more bytes than
    /// are discarded.
    public func waitForClose(timeout: Duration) -> Bool {
        let deadline = POSIX.monotonicNanos() &+ HTTPTimeouts.nanos(timeout)
        while true {
            do {
                buffer.removeAll()
                if try !fill(until: deadline) { return true }
            } catch { return false }
        }
    }

    /// Reads one response; `forHead` means no body follows whatever the headers say.
    public func readResponse(timeout: Duration = .seconds(5), forHead: Bool = false) throws -> HTTPClientResponse {
        let deadline = POSIX.monotonicNanos() &+ HTTPTimeouts.nanos(timeout)
        var headEnd: Int? = nil
        while headEnd == nil {
            headEnd = buffer.firstRange(of: [13, 10, 13, 10])?.upperBound
            if headEnd == nil, try !fill(until: deadline) {
                throw buffer.isEmpty ? HTTPClientError.closed : HTTPClientError.malformed("truncated head")
            }
        }
        let head = String(decoding: buffer[0..<(headEnd! - 4)], as: UTF8.self)
        buffer.removeFirst(headEnd!)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw HTTPClientError.malformed("status line \(head.prefix(40))")
        }
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw HTTPClientError.malformed("field") }
            headers.add(
                name: String(line[..<colon]),
                value: String(line[line.index(after: colon)...].drop(while: { $0 == " " || $0 == "\t" })))
        }
        var body: [UInt8] = []
        if forHead || status == 204 || status == 304 || (100..<200).contains(status) {
        } else if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = try readChunked(deadline: deadline)
        } else if let length = headers["content-length"].flatMap({ Int($0) }) {
            while buffer.count < length {
                if try !fill(until: deadline) { throw HTTPClientError.closed }
            }
            body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        } else {
            while try fill(until: deadline) {}
            body = buffer
            buffer = []
        }
        return HTTPClientResponse(status: status, headers: headers, body: body)
    }

    func readLine(deadline: UInt64) throws -> String {
        while true {
            if let r = buffer.firstRange(of: [13, 10]) {
                let line = String(decoding: buffer[0..<r.lowerBound], as: UTF8.self)
                buffer.removeFirst(r.upperBound)
                return line
            }
            if try !fill(until: deadline) { throw HTTPClientError.closed }
        }
    }

    func readChunked(deadline: UInt64) throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine(deadline: deadline)
            guard let size = Int(line.split(separator: ";").first ?? "", radix: 16) else {
                throw HTTPClientError.malformed("chunk size")
            }
            if size == 0 {
                while try !readLine(deadline: deadline).isEmpty {}
                return body
            }
            while buffer.count < size + 2 {
                if try !fill(until: deadline) { throw HTTPClientError.closed }
            }
            body.append(contentsOf: buffer[0..<size])
            buffer.removeFirst(size + 2)
        }
    }
}

/// A connection is owned by one thread at a time.
@available(*, unavailable)
extension HTTPClientConnection: Sendable {}
