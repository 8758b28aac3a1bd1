import Foundation

/// The emulator process's resident set size, reported as the REPORT line's `Max Memory Used`.
///
/// All environments share one process, so this is the process RSS (from `/proc/self/statm`,
/// kept open and read with one `pread` that never touches a disk) in MB rounded up, not a
/// per-environment figure; it is 0 where `/proc` is missing.
public enum ProcessMemory {
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// `/proc/self/statm`, opened once; each `pread` at offset 0 regenerates its text.
    private static let statm: Int32 = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)

    /// Current RSS in MB, rounded up.
    public static func residentMegabytes() -> Int {
        guard statm >= 0 else { return 0 }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { buffer in
            let count = pread(statm, buffer.baseAddress, buffer.count, 0)
            guard count > 0 else { return 0 }
            // Fields: size resident shared text lib data dt (pages).
            var field = 0
            var pages = 0
            for byte in buffer[0..<count] {
                if byte == UInt8(ascii: " ") {
                    field += 1
                    if field > 1 { break }
                } else if field == 1, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                    pages = pages * 10 + Int(byte - UInt8(ascii: "0"))
                }
            }
            let bytes = pages * pageSize
            return (bytes + (1 << 20) - 1) >> 20
        }
    }
}
