import ServerSupport
/// A small async HTTP/1.1 client for health checks, the failover proxy and tests.
///
/// Each call opens one connection on a dedicated thread (never blocking the cooperative pool),
/// sends the request with `Connection: close`, and reads a Content-Length, chunked or
/// close-delimited response within the timeout.
public enum HTTPClient {
    /// Sends one request and returns the response.
    public static func send(
        host: String = "127.0.0.1", port: Int, method: String = "GET", path: String,
        headers: [(String, String)] = [], body: [UInt8] = [], timeout: Duration = .seconds(5)
    ) async throws -> HTTPClientResponse {
        let request = render(host: host, port: port, method: method, path: path, headers: headers, body: body)
        return try await DedicatedThread.run {
            let connection = try HTTPClientConnection(host: host, port: port, timeout: timeout)
            try connection.send(request)
            return try connection.readResponse(timeout: timeout, forHead: method == "HEAD")
        }
    }

    /// The request bytes `send` writes.
    public static func render(
        host: String, port: Int, method: String, path: String, headers: [(String, String)], body: [UInt8],
        keepAlive: Bool = false
    ) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { text += "Content-Length: \(body.count)\r\n" }
        if !keepAlive { text += "Connection: close\r\n" }
        text += "\r\n"
        return Array(text.utf8) + body
    }
}
