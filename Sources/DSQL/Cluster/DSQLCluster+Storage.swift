import Foundation
import RegionStorage
import Replication
import Synchronization

/// Storage faults as states the cluster leaves by itself: a disk that fills up (or fails a
/// write) and frees again, and a region store that is corrupt and rebuilds itself.
///
/// A disk probe runs every `probeInterval`: it watches the free space under each region's
/// store and each node's log, restarts a log node that a failed write stopped once its disk
/// takes writes again, and retries a paused apply. While a region's store or log cannot write,
/// the region refuses commits (`XX000 server unavailable`) and its constant-row fast path (the
/// health check) answers the same; reads of intact data keep working.
extension DSQLCluster {
    /// Below this much free space a store or log directory counts as full: writes are refused
    /// before SQLite's WAL or the log's preallocation would fail half-way.
    public static let defaultDiskReserve: UInt64 = 4 << 20
    static let probeInterval: Duration = .milliseconds(200)

    /// Test hook: how long a rebuild waits before it starts (so a test can watch health report it).
    public static let rebuildHoldForTesting = Mutex<Duration>(.zero)

    /// The storage faults the cluster is in now (empty when healthy).
    public var storageFaults: [StorageFault] { faults.all }

    /// Changes the free-space threshold of the probe (0: only failed writes count as a full
    /// disk, which lets a test fill the disk under a running apply).
    public func setDiskReserve(_ bytes: UInt64) {
        diskReserve.withLock { $0 = bytes }
    }

    /// Replaces where fault starts and ends are reported (stderr by default; tests collect them).
    public func setFaultLog(_ sink: @escaping @Sendable (String) -> Void) {
        faults.log.withLock { $0 = sink }
    }

    /// True while the region's store is being rebuilt: it serves nothing until it is current.
    func isRebuilding(_ region: NodeID) -> Bool { faults.fault(region, .rebuild) != nil }

    /// True while a commit from `region` must be refused: its store or its log cannot write,
    /// its store is rebuilding, or a majority of the log nodes cannot write.
    func refusesWrites(_ region: NodeID) -> Bool {
        let all = faults.all
        if all.contains(where: { $0.region == region }) { return true }
        return all.filter { $0.component == .log }.count >= 2
    }

    // MARK: disk probe

    func startDiskProbe() {
        let task = Task { [weak self] in
            var lastRestart: [NodeID: ContinuousClock.Instant] = [:]
            while !Task.isCancelled {
                guard let self else { return }
                self.probe(lastRestart: &lastRestart)
                try? await Task.sleep(for: Self.probeInterval)
            }
        }
        tasks.withLock { $0.append(task) }
    }

    /// One probe round (cheap: a `statvfs` per directory).
    func probe(lastRestart: inout [NodeID: ContinuousClock.Instant]) {
        let reserve = diskReserve.withLock { $0 }
        for applier in appliers {
            let node = applier.runtime.node
            let directory = (applier.runtime.db.path as NSString).deletingLastPathComponent
            let free = DiskSpace.available(at: directory)
            let full = free.map { $0 < reserve } ?? false
            if full, let free {
                faults.raise(StorageFault(
                    region: node, regionName: regionNames[node], component: .store, path: applier.runtime.db.path,
                    reason: "no space left on device (\(DiskSpace.text(free)) free, \(DiskSpace.text(reserve)) needed): writes refused until space is freed"))
            } else if applier.stalled.load(ordering: .acquiring) {
                applier.wake()  // retry the paused apply; it clears `stalled` when it succeeds
            } else if faults.fault(node, .store) != nil {
                faults.clear(node, .store, note: "writable again: writes resume")
            }
        }
        guard let directory else { return }
        for node in NodeID.allCases {
            let path = directory + "/log/" + regionNames[node]
            let free = DiskSpace.available(at: path) ?? DiskSpace.available(at: directory + "/log")
            let full = free.map { $0 < reserve } ?? false
            if let error = replication.storageFault(of: node) {
                faults.raise(StorageFault(region: node, regionName: regionNames[node], component: .log, path: path + "/raft.log",
                                          reason: "\(error); the log node stopped and restarts once the disk takes writes"))
                let now = ContinuousClock.now
                if !full, lastRestart[node].map({ now - $0 > .seconds(1) }) ?? true {
                    lastRestart[node] = now
                    replication.restartAfterStorageFault(node)
                }
            } else if full, let free {
                faults.raise(StorageFault(
                    region: node, regionName: regionNames[node], component: .log, path: path,
                    reason: "no space left on device (\(DiskSpace.text(free)) free, \(DiskSpace.text(reserve)) needed): writes refused until space is freed"))
            } else if faults.fault(node, .log) != nil {
                faults.clear(node, .log, note: "writable again: writes resume")
            }
        }
    }

    /// The applier of `region` stopped on a store fault (store thread).
    func storeFailed(_ region: NodeID, _ error: StoreError) {
        guard let runtime = runtime(region) else { return }
        switch error {
        case .unwritable(let path, let reason):
            faults.raise(StorageFault(region: region, regionName: regionNames[region], component: .store, path: path,
                                      reason: "cannot write (\(reason)); apply paused and retried, nothing skipped"))
            // Transactions waiting for this region to apply would wait for the disk: refuse them.
            runtime.db.failWaiters(.unwritable(path: path, reason: reason))
        case .corrupt(_, let reason):
            startRebuild(region, reason: reason)
        default:
            break
        }
    }

    /// Moves a corrupt database (and its WAL) aside; returns the new path of the main file.
    static func moveAside(_ path: String) -> String {
        let stamp = Int(Date().timeIntervalSince1970)
        let aside = path + ".corrupt-\(stamp)"
        for suffix in ["", "-wal"] {
            try? FileManager.default.moveItem(atPath: path + suffix, toPath: aside + suffix)
        }
        for suffix in ["-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        return aside
    }
}

/// Forwards an applier's store faults to its cluster (which is created after the appliers).
final class FaultSink: Sendable {
    private struct Weak: @unchecked Sendable { weak var cluster: DSQLCluster? }
    private let target = Mutex(Weak())

    func attach(_ cluster: DSQLCluster) { target.withLock { $0.cluster = cluster } }

    func forward(_ region: NodeID, _ error: StoreError) {
        target.withLock { $0.cluster }?.storeFailed(region, error)
    }
}
