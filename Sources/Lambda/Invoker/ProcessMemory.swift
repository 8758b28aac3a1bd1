import Foundation

/// The emulator process's resident set size, reported as the REPORT line's `Max Memory Used`.
///
/// All environments share one process, so this is the process RSS (from `/proc/self/statm`,
/// read with two short syscalls that never touch a disk) in MB rounded up, not a
/// per-environment figure; it is 0 where `/proc` is missing.
public enum ProcessMemory {
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Current RSS in MB, rounded up.
    public static func residentMegabytes() -> Int {
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
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
