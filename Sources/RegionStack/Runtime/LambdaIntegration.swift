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

    /// Creates an integration over the regions' invokers.
    public init(invokers: [String: LambdaInvoker], timeoutOverride: Duration? = nil) {
        self.invokers = invokers
        self.timeoutOverride = timeoutOverride
    }

    /// `arn:aws:lambda:<region>:<account>:function:<name>` -> (region, name).
    static func parse(_ arn: String) -> (region: String, name: String)? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 7, parts[0] == "arn", parts[2] == "lambda", parts[5] == "function" else { return nil }
        return (String(parts[3]), String(parts[6]))
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
        guard let target = Self.parse(invocation.functionARN), let invoker = invokers[target.region] else {
            return .invocationFailed(reason: "Function not found: \(invocation.functionARN)")
        }
        let once = Once()
        let timeoutOverride = self.timeoutOverride
        return await withCheckedContinuation { (continuation: CheckedContinuation<IntegrationResult, Never>) in
            once.set(continuation)
            // The deadline timer is cancelled as soon as the call answers, so no sleeping task
            // outlives its request; the call is cancelled (not awaited) when the deadline wins.
            let timer = Mutex<Task<Void, Never>?>(nil)
            let call = Task {
                let result: IntegrationResult
                do {
                    result = Self.map(
                        try await invoker.invoke(functionName: target.name, payload: invocation.event, traceHeader: traceHeader))
                } catch {
                    result = .invocationFailed(reason: (error as? LambdaError)?.message ?? "\(error)")
                }
                once.resume(result)
                timer.withLock { $0?.cancel() }
            }
            let deadline = timeoutOverride ?? .nanoseconds(Int64(invocation.timeoutNanos))
            timer.withLock { slot in
                slot = Task {
                    try? await Task.sleep(for: deadline)
                    if !Task.isCancelled, once.resume(.timedOut) { call.cancel() }
                }
            }
        }
    }

    /// Resumes a continuation exactly once.
    final class Once: Sendable {
        private let state = Mutex<CheckedContinuation<IntegrationResult, Never>?>(nil)
        func set(_ c: CheckedContinuation<IntegrationResult, Never>) { state.withLock { $0 = c } }
        @discardableResult func resume(_ value: IntegrationResult) -> Bool {
            let c = state.withLock { s -> CheckedContinuation<IntegrationResult, Never>? in
                defer { s = nil }
                return s
            }
            c?.resume(returning: value)
            return c != nil
        }
    }
}
