import Glibc

/// Deletes a stack's data directory, honouring `enable_deletion_protection` like the seed.
///
/// The seed's README says to apply `enable_deletion_protection=false` before `terraform destroy`
/// (DSQL refuses to delete a protected cluster); `regionstack destroy` refuses the same way.
public enum StackDestroyer {
    /// What `destroy` did.
    public enum Outcome: Sendable, Equatable {
        case deleted(String)
        case nothingToDelete(String)
        /// Deletion protection is on.
        case refused(String)
        case failed(String)
    }

    /// The refusal text.
    public static let protectionMessage =
        "deletion protection is enabled on the DSQL clusters: set enable_deletion_protection=false first (for example regionstack destroy --var enable_deletion_protection=false)"

    /// Deletes `dataDirectory` recursively unless deletion protection is on.
    public static func destroy(dataDirectory: String, configuration: StackConfiguration) -> Outcome {
        if configuration.enableDeletionProtection { return .refused(protectionMessage) }
        if let pid = DataDirectoryLock.holder(of: dataDirectory) {
            return .refused(
                "a stack is running on \(dataDirectory)" + (pid > 0 ? " (pid \(pid))" : "")
                    + ": stop it first (Ctrl-C or kill -TERM \(pid > 0 ? String(pid) : "<pid>")), then destroy")
        }
        var info = stat()
        guard lstat(dataDirectory, &info) == 0 else { return .nothingToDelete(dataDirectory) }
        if let failure = remove(dataDirectory) { return .failed(failure) }
        return .deleted(dataDirectory)
    }

    /// Removes a file or directory tree; returns an error text or nil.
    public static func remove(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            guard let dir = opendir(path) else { return "cannot open \(path) (errno \(errno))" }
            var children: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != "." && name != ".." { children.append(name) }
            }
            closedir(dir)
            let base = path.hasSuffix("/") ? path : path + "/"
            for child in children { if let failure = remove(base + child) { return failure } }
            return rmdir(path) == 0 ? nil : "cannot remove \(path) (errno \(errno))"
        }
        return unlink(path) == 0 ? nil : "cannot remove \(path) (errno \(errno))"
    }
}
