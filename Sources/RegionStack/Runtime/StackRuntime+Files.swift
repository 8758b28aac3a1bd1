import Glibc

extension StackRuntime {
    /// The outputs file, in `terraform output -json`'s shape: the seed's outputs plus `api_keys`
    /// ({} unless keys are required; sensitive, as Terraform would mark an output holding keys).
    static func outputsJSON(_ outputs: StackOutputs, apiKeys regions: [StackAssembly.Region]) -> String {
        var values = outputs.values
        var keys: [String: OutputValue] = [:]
        for region in regions {
            guard let key = region.apiKey else { continue }
            keys[region.role.rawValue] = .object(["id": .string(key.id), "name": .string(key.name), "value": .string(key.value)])
        }
        values["api_keys"] = .object(keys)
        return OutputValue.terraformOutputJSON(values, sensitive: ["api_keys"])
    }

    /// Creates `path` and its parents (mode 0755) if missing.
    static func makeDirectory(_ path: String) throws(StackError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw .dataDirectory(path: path, errno: errno) }
        }
    }

    /// Writes `contents` to a temporary file beside `path`, fsyncs it and renames it over `path`,
    /// so readers never see a partial document.
    static func writeAtomically(path: String, contents: String) throws {
        let temporary = "\(path).tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StackError.outputsFile(path: path, errno: errno) }
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                unlink(temporary)
                throw StackError.outputsFile(path: path, errno: code)
            }
            written += n
        }
        fsync(fd)
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw StackError.outputsFile(path: path, errno: code)
        }
    }
}
