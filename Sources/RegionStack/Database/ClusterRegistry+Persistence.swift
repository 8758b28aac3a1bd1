import AWSAPI
import Foundation

/// The created clusters' list in `<data-dir>/dsql-clusters.json` (not for ephemeral stacks).
extension ClusterRegistry {
    var listPath: String { settings.dataDirectory + "/dsql-clusters.json" }

    /// Writes the created clusters (not the stack's own pair) atomically.
    func save() {
        guard !settings.ephemeral else { return }
        let document = state.withLock { state -> AWSJSON in
            let records = state.records.values.filter { !$0.isStackCluster }.sorted { $0.identifier < $1.identifier }
            return .object([("created", .int(Int64(state.created))), ("clusters", .array(records.map(\.json)))])
        }
        try? StackRuntime.writeAtomically(path: listPath, contents: document.text + "\n")
    }

    /// Reads the list an earlier run wrote, finishes its deletions and starts its clusters.
    func load() {
        guard !settings.ephemeral, let data = FileManager.default.contents(atPath: listPath),
            let document = try? AWSJSON.parse(Array(data))
        else { return }
        var deleting: [String] = []
        var starting = Set<String>()
        state.withLock { state in
            state.created = UInt64(document["created"]?.int ?? 0)
            for item in document["clusters"]?.array ?? [] {
                guard let record = ClusterRecord(json: item) else { continue }
                state.records[record.identifier] = record
                if record.status == "DELETING" { deleting.append(record.identifier) }
                else if let key = record.backing { starting.insert(key) }
            }
        }
        for key in starting.sorted() { startBacking(key) }
        if !deleting.isEmpty { finishDeletion(deleting) }
    }
}
