import Foundation
import Replication
import Synchronization

/// A storage problem a region has now: its store or its log cannot write, or its store is
/// being rebuilt after corruption.
public struct StorageFault: Sendable, Hashable, CustomStringConvertible {
    /// What failed.
    public enum Component: String, Sendable, Hashable {
        /// The region's SQLite file (with its WAL).
        case store
        /// The region's commit log file.
        case log
        /// The region's store is being rebuilt (it was corrupt); it serves again once current.
        case rebuild
    }

    public var region: NodeID
    /// The region's configured name (`us-east-1`, ...).
    public var regionName: String
    public var component: Component
    /// The file or directory concerned.
    public var path: String
    /// What happened, in words.
    public var reason: String

    public var description: String { "\(regionName) \(component.rawValue) \(path): \(reason)" }
}

/// The storage faults of a cluster, each logged once when it starts and once when it ends.
///
/// It exists so that a full disk or a corrupt file is a state the cluster is in (health and
/// the write path read it) rather than an error repeated on every request.
final class StorageFaultBook: Sendable {
    struct Key: Hashable {
        var region: NodeID
        var component: StorageFault.Component
    }

    private let faults = Mutex<[Key: StorageFault]>([:])
    /// How many faults there are (read without the lock on every statement's fast path).
    private let count = Atomic(0)
    /// Where the start and end of each fault are reported (stderr unless replaced).
    let log: Mutex<@Sendable (String) -> Void> = Mutex({ line in
        let bytes = Array("regionstack: \(line)\n".utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    })

    /// Records a fault; logs it when the region had no fault of that kind (the reason of an
    /// ongoing fault is updated silently).
    func raise(_ fault: StorageFault) {
        let key = Key(region: fault.region, component: fault.component)
        let isNew = faults.withLock { all in
            defer {
                all[key] = fault
                count.store(all.count, ordering: .releasing)
            }
            return all[key] == nil
        }
        if isNew { report(fault.description) }
    }

    /// Ends a fault (logs that it ended, with `note`).
    func clear(_ region: NodeID, _ component: StorageFault.Component, note: String) {
        let removed = faults.withLock { all in
            defer { count.store(all.count, ordering: .releasing) }
            return all.removeValue(forKey: Key(region: region, component: component))
        }
        if let removed { report("\(removed.regionName) \(component.rawValue) \(removed.path): \(note)") }
    }

    /// True when there is no fault (cheap: one atomic load).
    var isEmpty: Bool { count.load(ordering: .acquiring) == 0 }

    func fault(_ region: NodeID, _ component: StorageFault.Component) -> StorageFault? {
        guard !isEmpty else { return nil }
        return faults.withLock { $0[Key(region: region, component: component)] }
    }

    /// Every current fault, by region then component.
    var all: [StorageFault] {
        guard !isEmpty else { return [] }
        return faults.withLock { Array($0.values) }.sorted {
            ($0.region.rawValue, $0.component.rawValue) < ($1.region.rawValue, $1.component.rawValue)
        }
    }

    func report(_ line: String) {
        let sink = log.withLock { $0 }
        sink(line)
    }
}

/// Free space on the file system holding a path (`statvfs`), for the disk probe.
enum DiskSpace {
    /// Bytes available to unprivileged writers, or nil when the path cannot be examined.
    static func available(at path: String) -> UInt64? {
        var s = statvfs()
        guard statvfs(path, &s) == 0 else { return nil }
        return UInt64(s.f_bavail) * UInt64(s.f_frsize)
    }

    /// "12 KiB" / "3.5 MiB" for messages.
    static func text(_ bytes: UInt64) -> String {
        if bytes < 1 << 20 { return "\(bytes >> 10) KiB" }
        return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
    }
}
