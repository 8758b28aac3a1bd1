import CoreMetrics
import Observability
import Synchronization

/// The Lambda service of one region: registered functions, their execution environments, and
/// synchronous invocation with cold/warm starts, concurrency limits, timeouts and platform logs.
///
/// A thin shell around `InvokerState` (a `Mutex`-protected pure struct); no actors and no queue.
/// An invocation either gets an environment at once (a warm one, LIFO, or a new one up to the
/// concurrency limit) or is refused at once with `TooManyRequestsException`. Handlers run as
/// Swift tasks; the invoker never waits on a handler past its timeout.
public final class LambdaInvoker: Sendable {
    /// Service-wide settings.
    public struct Options: Sendable {
        /// The account's concurrent executions limit (AWS default 1,000).
        public var accountConcurrencyLimit: Int
        /// Unreserved concurrency that reservations must leave (AWS: 100).
        public var minimumUnreservedConcurrency: Int
        /// How long a warm environment may idle before `evictIdle()` drops it (nil: never).
        public var keepAlive: Duration?
        /// Region and account used in ARNs of unknown functions.
        public var region: String
        /// Account id used in ARNs of unknown functions.
        public var accountID: String
        /// Seed for request ids, trace ids and stream names (nil: random).
        public var seed: UInt64?

        /// Lambda's defaults: 1,000 concurrent, 100 unreserved minimum, 10 minute keep-alive.
        public init(
            accountConcurrencyLimit: Int = 1_000, minimumUnreservedConcurrency: Int = 100,
            keepAlive: Duration? = .seconds(600), region: String = "us-east-1", accountID: String = "000000000000",
            seed: UInt64? = nil
        ) {
            self.accountConcurrencyLimit = accountConcurrencyLimit
            self.minimumUnreservedConcurrency = minimumUnreservedConcurrency
            self.keepAlive = keepAlive
            self.region = region
            self.accountID = accountID
            self.seed = seed
        }
    }

    /// Where platform and handler lines go.
    public let logs: LogStore
    /// Where `AWS/Lambda` metrics go (the stack passes its region's factory; by default
    /// swift-metrics' global one).
    public let metrics: any MetricsFactory
    /// The account-wide `ConcurrentExecutions` (no dimension).
    let accountConcurrency: Gauge
    /// The settings.
    public let options: Options
    let ids: IdentifierSource
    let state: Mutex<InvokerState>
    let inFlight = InFlightRegistry()
    private let origin = ContinuousClock.now
    private let reaper = Mutex<Task<Void, Never>?>(nil)

    /// Creates an invoker writing to `logs` and `metrics`.
    public init(logs: LogStore = LogStore(), metrics: any MetricsFactory = MetricsSystem.factory, options: Options = Options()) {
        self.logs = logs
        self.metrics = metrics
        accountConcurrency = Gauge(label: LambdaMetric.concurrentExecutions.label, factory: metrics)
        self.options = options
        ids = IdentifierSource(seed: options.seed)
        state = Mutex(
            InvokerState(
                accountLimit: options.accountConcurrencyLimit, minimumUnreserved: options.minimumUnreservedConcurrency))
    }

    deinit {
        reaper.withLock { $0?.cancel() }
    }

    // MARK: - Functions

    /// Registers a handler type (`H.init(context:)` runs on each cold start).
    public func register<H: LambdaHandler>(
        _ configuration: FunctionConfiguration, handler: H.Type, resources: LambdaResources = LambdaResources()
    ) throws(LambdaError) {
        try register(configuration, resources: resources, factory: .of(handler))
    }

    /// Registers a function with a handler factory (`CreateFunction`). Validates the
    /// configuration and creates the `/aws/lambda/<name>` log group if missing.
    public func register(
        _ configuration: FunctionConfiguration, resources: LambdaResources = LambdaResources(), factory: LambdaHandlerFactory
    ) throws(LambdaError) {
        try configuration.validate()
        var configuration = configuration
        if configuration.lastModified.isEmpty { configuration.lastModified = LambdaTime.lastModified(epochMillis: logs.now()) }
        if configuration.revisionID.isEmpty { configuration.revisionID = ids.uuid() }
        let limit = configuration.reservedConcurrentExecutions ?? options.accountConcurrencyLimit
        try state.withLock { (state: inout InvokerState) throws(LambdaError) in
            guard state.functions[configuration.functionName] == nil else { throw .functionExists(configuration.functionName) }
            try state.checkReservation(configuration.reservedConcurrentExecutions, for: configuration.functionName)
            state.functions[configuration.functionName] = InvokerState.Function(
                configuration: configuration, factory: factory, resources: resources,
                pool: EnvironmentPool(concurrencyLimit: limit), metrics: FunctionMetrics(functionName: configuration.functionName, factory: metrics),
                functionARN: configuration.functionARN, logGroupName: configuration.logGroupName)
        }
        logs.ensureLogGroup(configuration.logGroupName)
    }

    /// Removes a function (`DeleteFunction`); running invocations finish, environments are dropped.
    public func unregister(_ functionName: String) throws(LambdaError) {
        let removed = state.withLock { $0.functions.removeValue(forKey: functionName) != nil }
        if !removed { throw .functionNotFound(arn: arn(of: functionName)) }
    }

    /// `PutFunctionConcurrency` (a number) / `DeleteFunctionConcurrency` (nil).
    public func setReservedConcurrency(_ functionName: String, _ reserved: Int?) throws(LambdaError) {
        let accountLimit = options.accountConcurrencyLimit
        let name = arn(of: functionName)
        try state.withLock { (state: inout InvokerState) throws(LambdaError) in
            guard state.functions[functionName] != nil else { throw .functionNotFound(arn: name) }
            if let reserved, reserved < 0 { throw .invalidParameter("ReservedConcurrentExecutions must be >= 0") }
            try state.checkReservation(reserved, for: functionName)
            state.functions[functionName]!.configuration.reservedConcurrentExecutions = reserved
            state.functions[functionName]!.pool.setConcurrencyLimit(reserved ?? accountLimit)
        }
    }

    /// The configuration of a registered function.
    public func configuration(of functionName: String) -> FunctionConfiguration? {
        state.withLock { $0.functions[functionName]?.configuration }
    }

    /// Names of the registered functions, sorted.
    public func functionNames() -> [String] {
        state.withLock { Array($0.functions.keys) }.sorted()
    }

    /// A function's environments now: busy (ConcurrentExecutions) and warm.
    public func environmentCounts(of functionName: String) -> (busy: Int, warm: Int)? {
        state.withLock { state in
            state.functions[functionName].map { ($0.pool.concurrentExecutions, $0.pool.idle.count) }
        }
    }

    // MARK: - Region kill

    /// Stops the service (a region kill): running invocations and cold starts end at once with
    /// `Runtime.ExitError` (their handler tasks are cancelled), every environment is dropped, and
    /// new invocations throw `ServiceException` until `start()`.
    public func stop() {
        state.withLock { state in
            state.running = false
            _ = state.evictAll(nil)
        }
        inFlight.killAll()
    }

    /// Restarts a stopped service; the next invocations are cold starts.
    public func start() {
        inFlight.restart()
        state.withLock { $0.running = true }
    }

    /// False between `stop()` and `start()`.
    public var isRunning: Bool { state.withLock { $0.running } }

    // MARK: - Eviction

    /// Drops warm environments idle for `options.keepAlive` or longer; returns how many.
    @discardableResult
    public func evictIdle() -> Int {
        guard let keepAlive = options.keepAlive else { return 0 }
        let now = monotonicMilliseconds()
        let keep = Self.milliseconds(keepAlive)
        return state.withLock { $0.evictIdle(now: now, keepAlive: keep) }
    }

    /// Drops every warm environment (of one function, or all); busy ones are dropped when they
    /// finish. The next invocations are cold starts. Returns how many were dropped now.
    @discardableResult
    public func evictAll(functionName: String? = nil) -> Int {
        state.withLock { $0.evictAll(functionName) }
    }

    /// Starts a task that calls `evictIdle()` every `interval` (replacing an earlier one).
    public func startIdleReaper(interval: Duration = .seconds(30)) {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                guard let self else { return }
                self.evictIdle()
            }
        }
        reaper.withLock { current in
            current?.cancel()
            current = task
        }
    }

    /// Stops the idle reaper, if running.
    public func stopIdleReaper() {
        reaper.withLock { current in
            current?.cancel()
            current = nil
        }
    }

    // MARK: - Helpers

    /// The ARN of a (possibly unknown) function name in this region and account.
    func arn(of functionName: String) -> String {
        "arn:aws:lambda:\(options.region):\(options.accountID):function:\(functionName)"
    }

    func monotonicMilliseconds() -> Int64 {
        Self.milliseconds(ContinuousClock.now - origin)
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let parts = duration.components
        return parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
    }
}
