import Foundation

/// Where the log store copies every event as it is written, besides memory.
///
/// Useful for `regionstack up` (see function logs in the terminal) and for keeping a file of a
/// test run. Each event is one line: `<ISO-8601 time> <group> <stream> <message>`.
public enum LogMirror: Sendable, Hashable {
    /// Keep events only in memory.
    case none
    /// Also write each event line to standard error.
    case standardError
    /// Also append each event line to this file (created if missing; never fsynced).
    case file(path: String)
}
