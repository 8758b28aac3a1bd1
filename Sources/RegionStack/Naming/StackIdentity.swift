import Glibc

/// The seed a data directory's stack draws every name, id and key from, kept in
/// `<dir>/stack-seed` so that a restart without `--seed` keeps its API ids, cluster ids,
/// function names, API keys and deployment id (saved URLs and keys keep working).
///
/// The first start on a directory draws a seed (or takes `--seed`) and writes it; later starts
/// read it. A `--seed` that differs replaces it: the directory then belongs to that identity.
/// Ephemeral stacks keep nothing and draw anew.
public enum StackIdentity {
    /// The file's name inside the data directory.
    public static let fileName = "stack-seed"

    /// The seed for a stack on `directory`: `given` (written) or the stored one, else a new one (written).
    public static func seed(directory: String, given: UInt64?) throws -> UInt64 {
        let path = (directory.hasSuffix("/") ? directory : directory + "/") + fileName
        let stored = storedSeed(path)
        if let given {
            if stored != given { try StackRuntime.writeAtomically(path: path, contents: "\(given)\n") }
            return given
        }
        if let stored { return stored }
        let drawn = RandomIdentifiers.systemSeed()
        try StackRuntime.writeAtomically(path: path, contents: "\(drawn)\n")
        return drawn
    }

    static func storedSeed(_ path: String) -> UInt64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 31) }
        guard n > 0 else { return nil }
        var text = String(decoding: buffer[0..<n], as: UTF8.self)
        while text.last == "\n" || text.last == " " { text.removeLast() }
        return UInt64(text)
    }
}
