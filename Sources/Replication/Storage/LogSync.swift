/// When a log write counts as persisted: SQLite's `synchronous` levels, applied to the log.
///
/// It exists because the log's `fdatasync` per group commit is what makes an acknowledged commit
/// survive a power loss, and on one box with three nodes sharing a disk it is also what bounds
/// commit latency. Users who do not need power-loss durability (a developer's data directory, a
/// CI run) can trade it away exactly as SQLite's WAL mode lets them, with the same guarantees:
/// - `full`: a write counts once `fdatasync` returned (survives process crashes and power loss);
/// - `normal`: a write counts once the kernel has it (`pwrite` returned): it survives a crash or
///   SIGKILL of the process, as WAL with `synchronous=NORMAL` does, but not a power loss or a
///   kernel crash. Compaction's rewrite is still fsynced before its rename, so the file is never
///   left half-replaced.
public enum LogSync: String, Sendable, CaseIterable, CustomStringConvertible {
    case full
    case normal

    /// The SQLite spelling (`FULL`, `NORMAL`), as benchmarks print it beside raw SQLite's.
    public var description: String { rawValue.uppercased() }

    /// Parses `full` or `normal` (any case), as the command line and configuration give it.
    public init?(parsing text: String) {
        self.init(rawValue: text.lowercased())
    }
}
