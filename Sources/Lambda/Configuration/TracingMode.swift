/// X-Ray tracing mode of a function (`tracing_config.mode`).
///
/// With `active`, traces the emulator generates are sampled (`Sampled=1`); with `passThrough`
/// they are not, and an incoming `X-Amzn-Trace-Id` is passed through either way.
public enum TracingMode: String, Sendable, Hashable, CaseIterable {
    /// `PassThrough`.
    case passThrough = "PassThrough"
    /// `Active`.
    case active = "Active"
}
