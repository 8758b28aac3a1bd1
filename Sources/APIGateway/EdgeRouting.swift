/// Finds which API a request on the shared edge listener is for.
///
/// Two addressing styles, as LocalStack users know them: the host
/// `<api-id>.execute-api.<region>.localhost[:port]`, and the path
/// `/_aws/execute-api/<api-id>/<stage>/...` on any host.
public enum EdgeRouting {
    /// An API addressed by host name.
    public struct HostTarget: Sendable, Equatable {
        public var apiID: String
        public var region: String
    }

    /// An API addressed by path prefix, and the path left for the gateway (`/<stage>/...`).
    public struct PathTarget: Sendable, Equatable {
        public var apiID: String
        public var remainingPath: String
    }

    /// Parses `<api-id>.execute-api.<region>.localhost[:port]` (case-insensitive); nil otherwise.
    public static func resolve(host: String) -> HostTarget? {
        var name = Substring(host.lowercased())
        if let colon = name.lastIndex(of: ":") {
            let port = name[name.index(after: colon)...]
            guard !port.isEmpty, port.allSatisfy(\.isNumber) else { return nil }
            name = name[..<colon]
        }
        if name.hasSuffix(".") { name = name.dropLast() }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count == 4, labels[1] == "execute-api", labels[3] == "localhost",
            !labels[0].isEmpty, !labels[2].isEmpty, labels[0].allSatisfy(isIDCharacter)
        else { return nil }
        return HostTarget(apiID: String(labels[0]), region: String(labels[2]))
    }

    /// Parses `/_aws/execute-api/<api-id>/<rest>`; the remaining path is `/<rest>` (`/` when empty).
    public static func resolve(path: String) -> PathTarget? {
        let prefix = "/_aws/execute-api/"
        guard path.hasPrefix(prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        let apiID = rest.prefix { $0 != "/" }
        guard !apiID.isEmpty, apiID.allSatisfy(isIDCharacter) else { return nil }
        let remaining = rest.dropFirst(apiID.count)
        return PathTarget(apiID: String(apiID), remainingPath: remaining.isEmpty ? "/" : String(remaining))
    }

    private static func isIDCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_")
    }
}
