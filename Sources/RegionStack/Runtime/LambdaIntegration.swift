import APIGateway
import Lambda
import Synchronization

/// Carries out API Gateway's AWS_PROXY calls: finds the function's invoker by ARN, invokes it,
/// and races the gateway's own 29 s integration deadline.
///
/// Mapping (seed-contract, Lambda to gateway): `.success` passes the payload on; a function error
/// and Lambda's own timeout are `.functionError` (502); a throttle is `.throttled` (500); a thrown
/// `LambdaError` (unknown function, stopped service) is `.invocationFailed` (500); the gateway's
/// deadline is `.timedOut` (504). The invocation is not awaited past the deadline.
public struct LambdaIntegration: Sendable {
    /// Invokers by region name (`us-east-1`).
    public let invokers: [String: LambdaInvoker]

    /// Replaces the gateway's 29 s integration timeout (tests); nil keeps the invocation's own.
    public let timeoutOverride: Duration?

    /// ARNs already parsed and resolved to their invoker (a gateway calls a handful of ARNs, each
    /// many times; splitting the ARN again on every request was a visible cost).
    let resolved = ResolvedTargets()

    /// Creates an integration over the regions' invokers.
    public init(invokers: [String: LambdaInvoker], timeoutOverride: Duration? = nil) {
        self.invokers = invokers
        self.timeoutOverride = timeoutOverride
    }

    /// The invoker and function name an ARN addresses, or nil (bad ARN, region not served here).
    func target(of arn: String) -> (invoker: LambdaInvoker, name: String)? {
        if let known = resolved.lookup(arn) { return known }
        guard let parsed = Self.parse(arn), let invoker = invokers[parsed.region] else { return nil }
        resolved.store(arn, invoker: invoker, name: parsed.name)
        return (invoker, parsed.name)
    }

    /// `arn:aws:lambda:<region>:<account>:function:<name>` -> (region, name).
    ///
    /// Splits the UTF-8 bytes at colons (ARNs are ASCII), which is far cheaper than splitting
    /// characters; only the two answers become strings.
    static func parse(_ arn: String) -> (region: String, name: String)? {
        let parts = arn.utf8.split(separator: UInt8(ascii: ":"), maxSplits: 7, omittingEmptySubsequences: false)
        guard parts.count >= 7, parts[0].elementsEqual("arn".utf8), parts[2].elementsEqual("lambda".utf8),
            parts[5].elementsEqual("function".utf8)
        else { return nil }
        return (String(decoding: parts[3], as: UTF8.self), String(decoding: parts[6], as: UTF8.self))
    }

    /// Maps Lambda's outcome to the gateway's.
    public static func map(_ result: InvocationResult) -> IntegrationResult {
        switch result {
        case .success(let payload): .success(payload)
        case .functionError: .functionError
        case .throttled: .throttled
        case .timedOut: .functionError
        }
    }

    /// Invokes the function, answering `.timedOut` if it has not finished by the deadline.
    public func run(_ invocation: LambdaInvocation, traceHeader: String?) async -> IntegrationResult {
        await withCheckedContinuation { (continuation: CheckedContinuation<IntegrationResult, Never>) in
            start(invocation, traceHeader: traceHeader) { continuation.resume(returning: $0) }
        }
    }

    /// Starts the invocation and reports its result to `completion` exactly once: `.timedOut` if
    /// it has not finished by the deadline.
    ///
    /// The deadline is a `DeadlineScheduler` timer, cancelled as soon as the call answers; the
    /// invocation reports through `startInvocation`'s callback, so no task waits for it, and
    /// `completion` runs in whichever context ended the call (the handler's task, or a task started
    /// by the deadline). When the deadline wins, the invocation runs on to its own end (its log
    /// lines are written then).
    public func start(
        _ invocation: LambdaInvocation, traceHeader: String?,
        completion: @escaping @Sendable (IntegrationResult) -> Void
    ) {
        guard let (invoker, name) = target(of: invocation.functionARN) else {
            completion(.invocationFailed(reason: "Function not found: \(invocation.functionARN)"))
            return
        }
        let deadline = timeoutOverride ?? .nanoseconds(Int64(invocation.timeoutNanos))
        let once = Once(completion)
        let scheduler = DeadlineScheduler.shared
        // Expiry goes through the cooperative pool, like the `Task.sleep` it replaces (see TimeoutRace).
        let timer = scheduler.schedule(after: deadline) { Task { once.resume(.timedOut) } }
        invoker.startInvocation(functionName: name, payload: invocation.event, traceHeader: traceHeader) { outcome in
            let result: IntegrationResult
            switch outcome {
            case .success(let record): result = Self.map(record.result)
            case .failure(let error) where error == .requestTooLarge: result = .requestTooLarge
            case .failure(let error): result = .invocationFailed(reason: error.message)
            }
            if once.resume(result) { scheduler.cancel(timer) }
        }
    }

    /// A small bounded map from ARN to its invoker and function name, shared by copies of the
    /// integration (invokers are fixed at `init`, so an entry never goes stale).
    final class ResolvedTargets: Sendable {
        /// More distinct ARNs than this are parsed each time instead of remembered.
        static let capacity = 64
        private let entries = Mutex<[String: (invoker: LambdaInvoker, name: String)]>([:])

        func lookup(_ arn: String) -> (invoker: LambdaInvoker, name: String)? {
            entries.withLock { $0[arn] }
        }

        func store(_ arn: String, invoker: LambdaInvoker, name: String) {
            entries.withLock { map in
                if map.count < Self.capacity { map[arn] = (invoker, name) }
            }
        }

        var count: Int { entries.withLock { $0.count } }
    }

    /// Calls a completion exactly once.
    final class Once: Sendable {
        private let state: Mutex<(@Sendable (IntegrationResult) -> Void)?>
        init(_ completion: @escaping @Sendable (IntegrationResult) -> Void) { state = Mutex(completion) }
        @discardableResult func resume(_ value: IntegrationResult) -> Bool {
            let c = state.withLock { s -> (@Sendable (IntegrationResult) -> Void)? in
                defer { s = nil }
                return s
            }
            c?(value)
            return c != nil
        }
    }
}
