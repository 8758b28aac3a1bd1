import Foundation
import Replication

/// Rebuilding a region store that was found corrupt.
///
/// At start-up a corrupt file is moved aside and the region opens an empty store (applied index
/// 0). If the region's log still holds every entry from index 1, apply replays it; otherwise
/// (the log was compacted) the store installs a snapshot of the other region's store, taken at
/// or after the point where the log resumes, and applies the rest from the log. A corrupt page
/// met while running is repaired the second way. Either way the region refuses every statement
/// (`XX000 server unavailable`) and health names it until it has applied everything committed
/// at a fresh read barrier.
extension DSQLCluster {
    /// Marks `region` as rebuilding and starts the rebuild (once; idempotent while it runs).
    /// `emptied`: the store was replaced by an empty one at start-up (the log may replay it);
    /// otherwise the damaged store is still in place and only a snapshot can replace it.
    func startRebuild(_ region: NodeID, reason: String, emptied: Bool = false) {
        guard let runtime = runtime(region), faults.fault(region, .rebuild) == nil else { return }
        faults.raise(StorageFault(
            region: region, regionName: regionNames[region], component: .rebuild, path: runtime.db.path,
            reason: "store was corrupt (\(reason)); rebuilding it from the log or from the other region, not serving until current"))
        let hold = Self.rebuildHoldForTesting.withLock { $0 }
        let task = Task { [weak self] in
            if hold > .zero { try? await Task.sleep(for: hold) }
            guard let self else { return }
            await self.rebuild(region, emptied: emptied)
        }
        tasks.withLock { $0.append(task) }
    }

    private func rebuild(_ region: NodeID, emptied: Bool) async {
        guard let runtime = runtime(region), let applier = appliers.first(where: { $0.runtime.node == region }) else { return }
        var source = "the log"
        // 1. Make the store hold a prefix of the log that the log continues.
        while !Task.isCancelled {
            guard let start = await replication.logStart(of: region) else {
                try? await Task.sleep(for: .milliseconds(200))  // the region's log node is down
                continue
            }
            let applied = runtime.db.appliedIndex
            if emptied, start <= applied + 1, applier.failure.withLock({ $0 == nil }) {
                applier.wake()
                break
            }
            // The log no longer reaches back to what the store lacks, or the damaged store is
            // still in use: copy the other region.
            if await installFromOtherRegion(region, floor: max(applied, start - 1)) {
                source = "a snapshot of the other region and the log"
                break
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        // 2. Serve again only once current: applied everything committed at a read barrier.
        while !Task.isCancelled {
            if let target = try? await replication.readIndex(at: region) {
                var polls = 0
                while runtime.db.appliedIndex < target, polls < 100, !Task.isCancelled {
                    polls += 1
                    try? await Task.sleep(for: .milliseconds(10))
                }
                if runtime.db.appliedIndex >= target { break }
            }
            if applier.stalled.load(ordering: .acquiring) { applier.wake() }
            try? await Task.sleep(for: .milliseconds(100))
        }
        guard !Task.isCancelled else { return }
        faults.clear(region, .rebuild, note: "rebuilt from \(source) through index \(runtime.db.appliedIndex); serving again")
    }

    /// Replaces `region`'s store with a snapshot of the other data region's store once that
    /// one has applied at least `floor` (so the log holds every entry after the snapshot).
    private func installFromOtherRegion(_ region: NodeID, floor: UInt64) async -> Bool {
        guard let other = runtimes.first(where: { $0.node != region }), !isRebuilding(other.node),
              let applier = appliers.first(where: { $0.runtime.node == region }),
              other.db.appliedIndex >= floor,
              let bytes = try? await other.db.snapshotBytes()
        else { return false }
        applier.failure.withLock { $0 = nil }
        applier.stalled.store(false, ordering: .releasing)
        applier.install(index: 0, bytes: bytes)
        await applier.stop()  // waits for the install
        return applier.failure.withLock { $0 == nil } && runtime(region).map { $0.db.appliedIndex >= floor } == true
    }
}
