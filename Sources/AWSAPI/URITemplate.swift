/// Matches request paths against rest-json URI templates (`/cluster/{identifier}`,
/// `/tags/{resourceArn}`, `/restapis/{restapi_id}/stages/{stage_name}`).
///
/// Literal segments match exactly; `{label}` matches one non-empty segment and `{label+}` the
/// rest of the path. Labels are percent-decoded (an ARN in a path arrives as `arn%3Aaws%3A...`).
/// A query part in a template (`/2015-03-31/functions/?FunctionVersion=ALL`) is ignored.
enum URITemplate {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case label(String)
        case greedy(String)
    }

    static func segments(_ template: String) -> [Segment] {
        let path = template.split(separator: "?", maxSplits: 1).first.map(String.init) ?? template
        return path.split(separator: "/", omittingEmptySubsequences: true).map { part in
            if part.hasPrefix("{"), part.hasSuffix("}") {
                let inner = part.dropFirst().dropLast()
                return inner.hasSuffix("+") ? .greedy(String(inner.dropLast())) : .label(String(inner))
            }
            return .literal(String(part))
        }
    }

    /// The labels when `path` matches, else nil.
    static func match(_ segments: [Segment], path: String) -> [String: String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var labels: [String: String] = [:]
        var i = 0
        for (n, segment) in segments.enumerated() {
            switch segment {
            case .literal(let text):
                guard i < parts.count, parts[i] == text else { return nil }
                i += 1
            case .label(let name):
                guard i < parts.count else { return nil }
                labels[name] = FormEncoding.decode(parts[i], plusIsSpace: false)
                i += 1
            case .greedy(let name):
                guard i < parts.count, n == segments.count - 1 else { return nil }
                labels[name] = FormEncoding.decode(parts[i...].joined(separator: "/")[...], plusIsSpace: false)
                i = parts.count
            }
        }
        return i == parts.count ? labels : nil
    }
}
