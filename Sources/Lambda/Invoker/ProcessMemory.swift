import Foundation

/// The emulator process's resident set size, reported as the REPORT line's `Max Memory Used`.
///
/// All environments share one process, so this is the process RSS (from `/proc/self/statm`)
/// in MB rounded up, not a per-environment figure; it is 0 where `/proc` is missing.
public enum ProcessMemory {
    /// Current RSS in MB, rounded up.
    public static func residentMegabytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        let bytes = pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        return (bytes + (1 << 20) - 1) >> 20
    }
}
