/// The invoker's bookkeeping: registered functions, their pools and the account's unreserved
/// concurrency. Pure; `LambdaInvoker` holds it in a `Mutex`.
///
/// AWS's rule: an account has `accountLimit` concurrent executions; functions with reserved
/// concurrency own their share, the rest share what is left (and at least
/// `minimumUnreserved` must stay unreserved).
struct InvokerState: Sendable {
    struct Function: Sendable {
        var configuration: FunctionConfiguration
        let factory: LambdaHandlerFactory
        let resources: LambdaResources
        var pool: EnvironmentPool
        /// The function's instruments, made once.
        let metrics: FunctionMetrics
        /// The function's ARN and log group, built once (neither can change after registration).
        let functionARN: String
        let logGroupName: String
        var environments: [EnvironmentPool.EnvironmentID: ExecutionEnvironment] = [:]
    }

    /// A granted slot, to be returned with `finish`.
    struct Lease: Sendable {
        let functionName: String
        let configuration: FunctionConfiguration
        let environmentID: EnvironmentPool.EnvironmentID
        /// The warm environment, or nil for a cold start.
        let warm: ExecutionEnvironment?
        let factory: LambdaHandlerFactory
        let resources: LambdaResources
        let countedAsUnreserved: Bool
        let metrics: FunctionMetrics
        let functionARN: String
        let logGroupName: String
        let concurrentExecutions: Int
        let accountConcurrentExecutions: Int
    }

    enum Acquired: Sendable {
        case granted(Lease)
        case throttled(LambdaError, FunctionMetrics)
        case notFound
        case stopped
    }

    let accountLimit: Int
    let minimumUnreserved: Int
    var functions: [String: Function] = [:]
    var unreservedInUse = 0
    /// False while the region is stopped: every acquisition is refused.
    var running = true

    var reservedTotal: Int { functions.values.reduce(0) { $0 + ($1.configuration.reservedConcurrentExecutions ?? 0) } }
    var unreservedCapacity: Int { accountLimit - reservedTotal }
    var accountConcurrentExecutions: Int { functions.values.reduce(0) { $0 + $1.pool.concurrentExecutions } }

    /// Checks that reserving `reserved` for `name` leaves the minimum unreserved.
    func checkReservation(_ reserved: Int?, for name: String) throws(LambdaError) {
        guard let reserved else { return }
        let others = functions.filter { $0.key != name }.values.reduce(0) { $0 + ($1.configuration.reservedConcurrentExecutions ?? 0) }
        if accountLimit - others - reserved < minimumUnreserved {
            throw .invalidParameter(
                "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [\(minimumUnreserved)].")
        }
    }

    mutating func acquire(_ name: String) -> Acquired {
        guard running else { return functions[name] == nil ? .notFound : .stopped }
        // Take the function out while mutating it, so its pool and environments are not copied.
        guard var function = functions.removeValue(forKey: name) else { return .notFound }
        defer { functions[name] = function }
        let reserved = function.configuration.reservedConcurrentExecutions
        if reserved == nil, unreservedInUse >= unreservedCapacity(adding: function) {
            return .throttled(.accountConcurrencyExceeded, function.metrics)
        }
        let id: EnvironmentPool.EnvironmentID
        var warm: ExecutionEnvironment?
        switch function.pool.acquire() {
        case .throttle:
            return .throttled(reserved == nil ? .accountConcurrencyExceeded : .reservedConcurrencyExceeded, function.metrics)
        case .reuse(let reused):
            id = reused
            warm = function.environments[reused]
        case .create(let created):
            id = created
        }
        if reserved == nil { unreservedInUse += 1 }
        return .granted(
            Lease(
                functionName: name, configuration: function.configuration, environmentID: id, warm: warm,
                factory: function.factory, resources: function.resources, countedAsUnreserved: reserved == nil,
                metrics: function.metrics, functionARN: function.functionARN, logGroupName: function.logGroupName,
                concurrentExecutions: function.pool.concurrentExecutions,
                accountConcurrentExecutions: accountConcurrentExecutions + function.pool.concurrentExecutions))
    }

    /// The unreserved capacity while `function` is temporarily out of `functions`.
    private func unreservedCapacity(adding function: Function) -> Int {
        unreservedCapacity - (function.configuration.reservedConcurrentExecutions ?? 0)
    }

    /// Returns a lease: keeps `environment` warm (`keep`) or drops it. Returns true if kept.
    mutating func finish(_ lease: Lease, environment: ExecutionEnvironment?, keep: Bool, now: Int64) -> Bool {
        if lease.countedAsUnreserved { unreservedInUse -= 1 }
        guard var function = functions.removeValue(forKey: lease.functionName) else { return false }
        defer { functions[lease.functionName] = function }
        if keep, let environment, function.pool.release(lease.environmentID, now: now) == .keepWarm {
            function.environments[lease.environmentID] = environment
            return true
        }
        function.pool.discard(lease.environmentID)
        function.environments[lease.environmentID] = nil
        return false
    }

    /// Drops warm environments idle for `keepAlive` ms or longer; returns how many.
    mutating func evictIdle(now: Int64, keepAlive: Int64) -> Int {
        var count = 0
        for name in functions.keys {
            for id in functions[name]!.pool.evictIdle(now: now, keepAlive: keepAlive) {
                functions[name]!.environments[id] = nil
                count += 1
            }
        }
        return count
    }

    /// Drops every warm environment (of one function, or all) and marks busy ones.
    mutating func evictAll(_ only: String?) -> Int {
        var count = 0
        for name in functions.keys where only == nil || only == name {
            for id in functions[name]!.pool.evictAll() {
                functions[name]!.environments[id] = nil
                count += 1
            }
        }
        return count
    }
}
