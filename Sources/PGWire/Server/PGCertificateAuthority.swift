import COpenSSL
import Glibc

/// A local certificate authority and the server certificate it signs for the cluster endpoints.
///
/// It exists so clients can verify the emulator's endpoints with `sslmode=verify-full
/// sslrootcert=<ca.pem>`: `ensure` creates `ca.pem`/`ca-key.pem` once in the directory and
/// (re)issues `server.pem`/`server-key.pem` whenever the endpoint names are not all covered.
public struct PGCertificateAuthority: Sendable {
    public let directory: String

    public var caPath: String { directory + "/ca.pem" }
    public var caKeyPath: String { directory + "/ca-key.pem" }
    public var certificatePath: String { directory + "/server.pem" }
    public var keyPath: String { directory + "/server-key.pem" }

    public init(directory: String) {
        self.directory = directory
    }

    /// Makes sure a CA and a server certificate for `hostnames` (plus localhost and 127.0.0.1) exist.
    public func ensure(hostnames: [String]) throws(PGTLSError) {
        mkdir(directory, 0o700)
        var (caKey, caCert) = (loadKey(caKeyPath), loadCert(caPath))
        if caKey == nil || caCert == nil {
            guard let key = copenssl_new_ec_key() else { throw .openssl("generate CA key") }
            guard let cert = copenssl_make_cert(key, nil, nil, "RegionStack local CA", nil, 1, 3650, serial()) else {
                throw .openssl("sign CA certificate")
            }
            guard copenssl_write_key(caKeyPath, key) == 1, copenssl_write_cert(caPath, cert) == 1 else {
                throw .openssl("write CA files in \(directory)")
            }
            chmod(caKeyPath, 0o600)
            if let c = caCert { X509_free(c) }
            if let k = caKey { EVP_PKEY_free(k) }
            (caKey, caCert) = (key, cert)
            unlink(certificatePath)  // a new CA invalidates the old server certificate
        }
        defer {
            EVP_PKEY_free(caKey)
            X509_free(caCert)
        }
        let names = hostnames + ["localhost"]
        if covers(names) && loadKey(keyPath).map({ EVP_PKEY_free($0); return true }) == true { return }
        let san = (names.map { "DNS:" + $0 } + ["IP:127.0.0.1"]).joined(separator: ",")
        guard let key = copenssl_new_ec_key() else { throw .openssl("generate server key") }
        defer { EVP_PKEY_free(key) }
        guard let cert = copenssl_make_cert(key, caCert, caKey, hostnames.first ?? "localhost", san, 0, 825, serial()) else {
            throw .openssl("sign server certificate")
        }
        defer { X509_free(cert) }
        guard copenssl_write_key(keyPath, key) == 1, copenssl_write_cert(certificatePath, cert) == 1 else {
            throw .openssl("write server certificate in \(directory)")
        }
        chmod(keyPath, 0o600)
    }

    func covers(_ names: [String]) -> Bool {
        var buffer = [CChar](repeating: 0, count: 16 * 1024)
        guard copenssl_cert_san(certificatePath, &buffer, buffer.count) == 1 else { return false }
        let entries = Set(String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: ",").map { String($0).trimmingWhitespace() })
        return names.allSatisfy { entries.contains("DNS:" + $0) }
    }

    func loadKey(_ path: String) -> OpaquePointer? {
        guard let bio = BIO_new_file(path, "r") else { ERR_clear_error(); return nil }
        defer { BIO_free(bio) }
        let key = PEM_read_bio_PrivateKey(bio, nil, nil, nil)
        if key == nil { ERR_clear_error() }
        return key
    }

    func loadCert(_ path: String) -> OpaquePointer? {
        guard let bio = BIO_new_file(path, "r") else { ERR_clear_error(); return nil }
        defer { BIO_free(bio) }
        let cert = PEM_read_bio_X509(bio, nil, nil, nil)
        if cert == nil { ERR_clear_error() }
        return cert
    }

    func serial() -> Int {
        var r: UInt32 = 0
        _ = withUnsafeMutableBytes(of: &r) { RAND_bytes($0.baseAddress!.assumingMemoryBound(to: UInt8.self), 4) }
        return Int(r >> 1) + 1
    }
}
