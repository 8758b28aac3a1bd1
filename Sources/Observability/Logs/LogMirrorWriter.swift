import Foundation

/// Writes mirrored lines to a file descriptor.
///
/// The write is a short `write(2)` without fsync; it is done outside the store's lock. Opening
/// fails softly (the mirror is then disabled) because logging must never break an invocation.
final class LogMirrorWriter: Sendable {
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    init?(_ mirror: LogMirror) {
        switch mirror {
        case .none:
            return nil
        case .standardError:
            descriptor = 2
            ownsDescriptor = false
        case .file(let path):
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard fd >= 0 else { return nil }
            descriptor = fd
            ownsDescriptor = true
        }
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    func write(_ events: [LogEvent]) {
        guard !events.isEmpty else { return }
        var text = ""
        for event in events {
            text += "\(LogTimeFormat.iso8601(milliseconds: event.timestamp)) \(event.logGroupName) \(event.logStreamName) \(event.message)"
            if !event.message.hasSuffix("\n") { text += "\n" }
        }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
        bytes.removeAll()
    }
}
