import DSQLClient
import Foundation
import Replication

/// The start-up cross-check between the region stores and the commit log.
///
/// A region store is derived from the log: it may lag it, never lead it. When the log files
/// lost their last entries while the region files kept them (a multi-entry torn tail, possible
/// with `--log-sync normal` and a power loss), a new leader would commit new entries at indexes
/// the region has already applied, and the region would skip them: acknowledged writes that
/// never appear. So the cluster refuses to start instead, naming the region, the indexes and
/// the remedy.
extension DSQLCluster {
    static func checkLogCoversStores(directory: String, runtimes: [RegionRuntime], skipping: Set<NodeID>,
                                     names: RegionNames) throws(DSQLError) {
        var logs: [NodeID: LogInspection] = [:]
        for node in NodeID.allCases {
            do { logs[node] = try LogInspection.inspect(directory: directory + "/log/" + names[node]) } catch {
                throw DSQLError(sqlstate: "XX000", message: "cannot read the commit log of \(names[node]): \(error)")
            }
        }
        // A brand-new log (no file anywhere) next to existing stores is the same loss, all of it.
        let majority = LogInspection.majorityIndex(NodeID.allCases.map { logs[$0]! })
        let ahead = runtimes.filter { !skipping.contains($0.node) && $0.db.appliedIndex > majority }
        guard !ahead.isEmpty else { return }
        throw DSQLError(sqlstate: "XX000", message: refusal(directory: directory, logs: logs, majority: majority, ahead: ahead,
                                                            all: runtimes, names: names))
    }

    private static func refusal(
        directory: String, logs: [NodeID: LogInspection], majority: UInt64, ahead: [RegionRuntime], all: [RegionRuntime],
        names: RegionNames
    ) -> String {
        let regions = ahead.map { "region \(names[$0.node]) has applied log index \($0.db.appliedIndex)" }
        let held = NodeID.allCases.map { "\(names[$0]) \(logs[$0]!.exists ? "through \(logs[$0]!.lastIndex)" : "missing")" }
        var text = "refusing to start: \(regions.joined(separator: " and ")), but the commit log holds entries only"
            + " through index \(majority) on a majority of its nodes (\(held.joined(separator: ", ")); \(directory)/log)."
            + " The log lost entries that the region applied (a torn log tail, e.g. after a power loss with"
            + " --log-sync normal). Serving would commit new writes at indexes the region already used, and they"
            + " would never appear in it."
        let behind = all.filter { r in !ahead.contains { $0 === r } }
        text += " Remedy: restore \(directory)/log from a backup taken with the region files; or"
        if ahead.count == all.count {
            text += " stop and delete the region databases \(ahead.map { "\(directory)/\(names[$0.node])" }.joined(separator: " and "))"
                + " so they are rebuilt from the log (the entries after index \(majority) that only they hold are then lost)."
        } else {
            text += " stop and delete \(ahead.map { "\(directory)/\(names[$0.node])" }.joined(separator: " and "))"
                + " (that region's database) so it is rebuilt from the log or by a snapshot of"
                + " \(behind.map { names[$0.node] }.joined(separator: ", ")) (the entries after index \(majority) that only it holds are then lost)."
        }
        return text
    }
}
