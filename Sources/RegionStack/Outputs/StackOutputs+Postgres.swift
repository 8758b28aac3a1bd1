import Glibc

/// The outputs of the PostgreSQL wire endpoints: per data region the local host and ports, the
/// SNI name, the CA file, and psql commands that work verbatim.
extension StackOutputs {
    /// How to run the token command: the running `regionstack` binary when it is one.
    static var tokenProgram: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "regionstack" }
        let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.hasSuffix("/regionstack") ? path : "regionstack"
    }

    static func postgresOutputs(_ pg: StackPGWire.Endpoints) -> OutputValue {
        var regions: [String: OutputValue] = [:]
        for (role, hostname) in pg.hostnames {
            let region = pg.regions[role] ?? ""
            let port = pg.regionPorts[role] ?? 0
            let token = "\(tokenProgram) token --hostname \(hostname) --region \(region) --admin"
            let password = "PGPASSWORD=\"$(\(token))\""
            let tls = "sslmode=verify-full sslrootcert=\(pg.caPath)"
            regions[role.rawValue] = .object([
                "endpoint": .string(hostname),
                "region": .string(region),
                "host": .string(pg.host),
                "port": .int(port),
                "shared_port": .int(pg.sharedPort),
                "sni_name": .string(hostname),
                "ca_file": .string(pg.caPath),
                "token_command": .string(token),
                "psql_command": .string(
                    "\(password) psql \"host=\(pg.host) port=\(port) dbname=postgres user=admin \(tls)\""),
                "psql_hostaddr_command": .string(
                    "\(password) psql \"host=\(hostname) hostaddr=\(pg.host) port=\(pg.sharedPort) dbname=postgres user=admin \(tls)\""),
            ])
        }
        return .object(regions)
    }
}
