/// One function's execution environments as a pure state machine: which are busy, which are
/// warm (idle), and whether a new invocation reuses one, creates one, or is throttled.
///
/// No clocks, locks or tasks: callers pass `now` (milliseconds on any monotonic scale) and carry
/// out the returned action. Warm environments are reused LIFO (the most recently released
/// first), so a steady trickle keeps one environment hot and the rest age out. Busy environments
/// never exceed `concurrencyLimit`; there is no queue.
public struct EnvironmentPool: Sendable, Hashable {
    /// Identifies an environment within its pool.
    public struct EnvironmentID: Sendable, Hashable, Comparable, CustomStringConvertible {
        /// Sequence number, from 1.
        public let rawValue: Int
        /// Wraps a raw value.
        public init(_ rawValue: Int) { self.rawValue = rawValue }
        public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
        public var description: String { "env-\(rawValue)" }
    }

    /// What to do for a new invocation.
    public enum AcquireAction: Sendable, Hashable {
        /// Run on this warm environment.
        case reuse(EnvironmentID)
        /// Cold start: create this environment, initialise it, then run.
        case create(EnvironmentID)
        /// Refuse now: `concurrencyLimit` environments are busy.
        case throttle
    }

    /// What to do with an environment after its invocation.
    public enum ReleaseAction: Sendable, Hashable {
        /// It is warm and idle now.
        case keepWarm
        /// It was evicted while busy: drop it.
        case discard
        /// The id was not busy (already discarded): nothing to do.
        case unknown
    }

    /// A warm environment and when it went idle.
    public struct IdleEnvironment: Sendable, Hashable {
        /// The environment.
        public let id: EnvironmentID
        /// When it was released.
        public let idleSince: Int64
    }

    /// The most environments busy at once.
    public private(set) var concurrencyLimit: Int
    /// Warm environments, most recently released last.
    public private(set) var idle: [IdleEnvironment] = []
    /// Environments running an invocation (or initialising).
    public private(set) var busy: Set<EnvironmentID> = []
    /// Busy environments to drop when they finish (`evictAll` while busy).
    public private(set) var evictOnRelease: Set<EnvironmentID> = []
    private var nextID = 1

    /// Creates an empty pool.
    public init(concurrencyLimit: Int) {
        self.concurrencyLimit = max(0, concurrencyLimit)
    }

    /// Busy environments: Lambda's `ConcurrentExecutions` for this function.
    public var concurrentExecutions: Int { busy.count }

    /// Busy plus warm environments.
    public var environmentCount: Int { busy.count + idle.count }

    /// Decides how to serve a new invocation.
    public mutating func acquire() -> AcquireAction {
        guard busy.count < concurrencyLimit else { return .throttle }
        if let warm = idle.popLast() {
            busy.insert(warm.id)
            return .reuse(warm.id)
        }
        let id = EnvironmentID(nextID)
        nextID += 1
        busy.insert(id)
        return .create(id)
    }

    /// An invocation on `id` finished normally at `now`.
    public mutating func release(_ id: EnvironmentID, now: Int64) -> ReleaseAction {
        guard busy.remove(id) != nil else { return .unknown }
        if evictOnRelease.remove(id) != nil { return .discard }
        idle.append(IdleEnvironment(id: id, idleSince: now))
        return .keepWarm
    }

    /// Drops `id` (timeout, failed init). Returns false if it was unknown.
    @discardableResult
    public mutating func discard(_ id: EnvironmentID) -> Bool {
        evictOnRelease.remove(id)
        if busy.remove(id) != nil { return true }
        if let index = idle.firstIndex(where: { $0.id == id }) {
            idle.remove(at: index)
            return true
        }
        return false
    }

    /// Drops warm environments idle for at least `keepAlive` ms; returns them.
    public mutating func evictIdle(now: Int64, keepAlive: Int64) -> [EnvironmentID] {
        let expired = idle.filter { now - $0.idleSince >= keepAlive }.map(\.id)
        idle.removeAll { now - $0.idleSince >= keepAlive }
        return expired
    }

    /// Drops every warm environment now and marks busy ones to drop when they finish.
    public mutating func evictAll() -> [EnvironmentID] {
        let dropped = idle.map(\.id)
        idle.removeAll()
        evictOnRelease.formUnion(busy)
        return dropped
    }

    /// Changes the limit (e.g. `PutFunctionConcurrency`); busy environments above it finish normally.
    public mutating func setConcurrencyLimit(_ limit: Int) {
        concurrencyLimit = max(0, limit)
    }
}
