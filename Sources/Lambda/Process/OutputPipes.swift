import Glibc
import Synchronization

/// The read end of a runtime's stdout/stderr pipe, cut into log lines.
///
/// Why: the reader thread and a response that must see the output written before it (`flush`
/// from the Runtime API's loop) both read; one lock keeps lines whole and in order. The fd is
/// non-blocking, so a drain never waits; lines longer than CloudWatch's 256 KB event limit are
/// split.
final class OutputPipes: Sendable {
    let fd: Int32
    private let line: @Sendable (String) -> Void
    private let state = Mutex<(pending: [UInt8], closed: Bool)>(([], false))
    static let maxLine = 256 * 1024

    init(fd: Int32, line: @escaping @Sendable (String) -> Void) {
        self.fd = fd
        self.line = line
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    /// Reads what is there now and emits complete lines (and, when `final`, the partial last
    /// one); returns true at end of output.
    @discardableResult
    func drain(final: Bool) -> Bool {
        state.withLock { s -> Bool in
            if s.closed { return true }
            var eof = false
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    s.pending.append(contentsOf: buffer[0..<count])
                    emitLines(&s.pending)
                } else if count == 0 {
                    eof = true
                    break
                } else if errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            if (final || eof), !s.pending.isEmpty {
                line(String(decoding: s.pending, as: UTF8.self))
                s.pending.removeAll()
            }
            return eof
        }
    }

    private func emitLines(_ pending: inout [UInt8]) {
        var start = 0
        var index = 0
        while index < pending.count {
            if pending[index] == UInt8(ascii: "\n") || index - start >= Self.maxLine {
                var end = index
                if end > start, pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                line(String(decoding: pending[start..<end], as: UTF8.self))
                start = pending[index] == UInt8(ascii: "\n") ? index + 1 : index
            }
            index += 1
        }
        if start > 0 { pending.removeFirst(start) }
    }

    /// Closes the fd (after the last drain).
    func close() {
        state.withLock { s in
            guard !s.closed else { return }
            s.closed = true
            _ = Glibc.close(fd)
        }
    }
}

/// Reads `/proc/<pid>/status`.
enum ProcessStatus {
    /// `VmHWM` (peak resident set size) in kB, or nil.
    static func peakResidentKilobytes(pid: pid_t) -> Int? {
        let fd = open("/proc/\(pid)/status", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: bytes[0..<count], as: UTF8.self)
        for row in text.split(separator: "\n") where row.hasPrefix("VmHWM:") {
            return Int(row.dropFirst(6).filter(\.isNumber))
        }
        return nil
    }
}
