/// Finds the resource a request path addresses and the path parameters it binds.
///
/// API Gateway prefers a literal segment over `{param}` and `{param}` over a greedy `{proxy+}`;
/// `{proxy+}` must be the last part of a template and matches one or more segments.
public struct ResourceMatcher: Sendable {
    /// A matched resource and the path parameters it bound.
    public struct Match: Sendable, Equatable {
        public var resource: APIResource
        /// Bound parameters in template order (`{id}` -> `id`, `{proxy+}` -> `proxy`).
        public var parameters: [(String, String)]

        public static func == (a: Match, b: Match) -> Bool {
            a.resource == b.resource && a.parameters.map(\.0) == b.parameters.map(\.0)
                && a.parameters.map(\.1) == b.parameters.map(\.1)
        }
    }

    public init() {}

    /// Splits a path into segments, ignoring empty ones (so `/users/` and `/users` are the same).
    static func segments(_ path: String) -> [Substring] { path.split(separator: "/", omittingEmptySubsequences: true) }

    /// The first non-empty segment of `path` (what `segments(path).first` is), without splitting
    /// the rest.
    static func firstSegment(_ path: String) -> Substring? {
        let slash = UInt8(ascii: "/")
        let utf8 = path.utf8
        guard let start = utf8.firstIndex(where: { $0 != slash }) else { return nil }
        let end = utf8[start...].firstIndex(of: slash) ?? utf8.endIndex
        return Substring(utf8[start..<end])
    }

    /// The best-matching resource for `path` (a path without the stage), or nil.
    public func match(path: String, in resources: [APIResource]) -> Match? {
        Compiled(resources).match(path: path)
    }

    /// One API's resources with their templates split once, for matching many request paths.
    public struct Compiled: Sendable {
        /// The resources, in the API's order.
        public let resources: [APIResource]
        let templates: [[Substring]]

        /// Splits every resource's template.
        public init(_ resources: [APIResource]) {
            self.resources = resources
            templates = resources.map { ResourceMatcher.segments($0.path) }
        }

        /// The best-matching resource for `path` (a path without the stage), or nil.
        public func match(path: String) -> Match? {
            let parts = ResourceMatcher.segments(path)
            var best: (rank: [Int], match: Match)?
            for (resource, template) in zip(resources, templates) {
                guard let (rank, params) = ResourceMatcher.bind(template: template, to: parts) else { continue }
                if best == nil || rank.lexicographicallyPrecedes(best!.rank) {
                    best = (rank, Match(resource: resource, parameters: params))
                }
            }
            return best?.match
        }
    }

    /// Ranks per segment: 0 literal, 1 `{param}`, 2 `{proxy+}` (lower is more specific).
    static func bind(template: [Substring], to parts: [Substring]) -> ([Int], [(String, String)])? {
        var rank: [Int] = []
        var params: [(String, String)] = []
        for (i, piece) in template.enumerated() {
            if piece.hasPrefix("{") && piece.hasSuffix("+}") {
                guard i == template.count - 1, parts.count > i else { return nil }
                params.append((String(piece.dropFirst().dropLast(2)), parts[i...].joined(separator: "/")))
                rank.append(2)
                return (rank, params)
            }
            guard i < parts.count else { return nil }
            if piece.hasPrefix("{") && piece.hasSuffix("}") {
                params.append((String(piece.dropFirst().dropLast()), String(parts[i])))
                rank.append(1)
            } else if piece == parts[i] {
                rank.append(0)
            } else {
                return nil
            }
        }
        return template.count == parts.count ? (rank, params) : nil
    }
}
