import Glibc

/// An exclusive lock on a data directory, held for as long as a stack runs on it.
///
/// Two stacks on one directory would share its SQLite files and commit logs; before, the second
/// failed after SQLite's 5 s busy timeout with `database is locked`, and `destroy` deleted a
/// running stack's data. The lock is `flock` on `<dir>/regionstack.lock` (released by the kernel
/// when the process dies, so a crash leaves no stale lock); the holder writes its pid there, so
/// whoever is refused can name it.
public final class DataDirectoryLock: Sendable {
    /// The lock file's name inside the data directory.
    public static let fileName = "regionstack.lock"

    let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// Takes the lock at once or throws `dataDirectoryInUse` naming the holder's pid.
    public static func acquire(_ directory: String) throws(StackError) -> DataDirectoryLock {
        let path = lockPath(directory)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .dataDirectory(path: directory, errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let pid = holder(fd)
            close(fd)
            throw .dataDirectoryInUse(path: directory, pid: pid)
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return DataDirectoryLock(fd: fd)
    }

    /// The pid of the stack holding `directory`'s lock, nil when none does (no file, or free).
    public static func holder(of directory: String) -> Int32? {
        let fd = open(lockPath(directory), O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        if flock(fd, LOCK_EX | LOCK_NB) == 0 {
            flock(fd, LOCK_UN)
            return nil
        }
        return holder(fd)
    }

    /// Releases the lock.
    public func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }

    static func lockPath(_ directory: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + fileName
    }

    static func holder(_ fd: Int32) -> Int32 {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 31, 0) }
        guard n > 0 else { return 0 }
        return Int32(String(decoding: buffer[0..<n].filter { $0 >= 0x30 && $0 <= 0x39 }, as: UTF8.self)) ?? 0
    }
}
