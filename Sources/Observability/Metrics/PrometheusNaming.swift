/// How CloudWatch-style labels and dimensions become Prometheus names and labels.
///
/// `AWS/Lambda/Invocations` with `FunctionName` becomes `aws_lambda_invocations_total` with
/// `function_name`: each `/` a `_`, camel case split into snake case (`4XXError` -> `4xx_error`,
/// `ApiGateway` -> `api_gateway`), counters suffixed `_total` and timers `_seconds` (their
/// histograms are in seconds; the emulator's own `RegionStack/...` are `regionstack_...`), as Prometheus' naming conventions ask.
public enum PrometheusNaming {
    /// The metric name for a label made by `kind`.
    public static func metricName(_ label: String, kind: MetricInstrument) -> String {
        var base = label.split(separator: "/").map { $0 == "RegionStack" ? "regionstack" : snakeCase(String($0)) }
            .joined(separator: "_")
        if base.first?.isNumber ?? true { base = "_" + base }
        switch kind {
        case .counter: return base + "_total"
        case .timer: return base + "_seconds"
        case .gauge, .recorder: return base
        }
    }

    /// A dimension name as a label name (`FunctionName` -> `function_name`).
    public static func labelName(_ dimension: String) -> String {
        let name = snakeCase(dimension)
        return name.first?.isNumber ?? true ? "_" + name : name
    }

    /// Snake case: `_` before an upper-case letter that follows a lower-case letter or digit, or
    /// that starts a word after an acronym (`DSQLCluster` -> `dsql_cluster`); anything outside
    /// `[a-z0-9_]` becomes `_`.
    public static func snakeCase(_ text: String) -> String {
        let chars = Array(text)
        var out = ""
        for (i, c) in chars.enumerated() {
            if c.isUppercase, i > 0 {
                let previous = chars[i - 1]
                let nextIsLower = i + 1 < chars.count && chars[i + 1].isLowercase
                if previous.isLowercase || (previous.isUppercase && nextIsLower) { out.append("_") }
            }
            if c.isLetter || c.isNumber, c.isASCII {
                out.append(Character(c.lowercased()))
            } else {
                out.append("_")
            }
        }
        return out
    }
}
