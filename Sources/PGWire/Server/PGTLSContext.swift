import COpenSSL

/// A libssl server context: the certificate chain and key every TLS connection presents.
///
/// It exists so the listener makes one `SSL_CTX` at start and one `SSL` per connection from it.
/// TLS 1.2 at least; no compression, no renegotiation.
/// `@unchecked Sendable`: an `SSL_CTX` is immutable after set-up and libssl allows creating
/// connections from it on any thread.
public final class PGTLSContext: @unchecked Sendable {
    let ctx: OpaquePointer

    /// Loads a PEM certificate (chain) and private key.
    public init(certificatePath: String, keyPath: String) throws(PGTLSError) {
        guard let ctx = SSL_CTX_new(TLS_server_method()) else { throw .openssl("SSL_CTX_new") }
        self.ctx = ctx
        _ = copenssl_ctx_set_min_tls12(ctx)
        _ = copenssl_ctx_set_options(ctx)
        guard SSL_CTX_use_certificate_chain_file(ctx, certificatePath) == 1 else {
            throw .openssl("load certificate \(certificatePath)")
        }
        guard SSL_CTX_use_PrivateKey_file(ctx, keyPath, SSL_FILETYPE_PEM) == 1 else {
            throw .openssl("load key \(keyPath)")
        }
        guard SSL_CTX_check_private_key(ctx) == 1 else { throw .openssl("key does not match certificate") }
    }

    deinit { SSL_CTX_free(ctx) }
}

/// A TLS set-up failure, with OpenSSL's error text.
public struct PGTLSError: Error, Sendable, CustomStringConvertible {
    public var description: String

    static func openssl(_ step: String) -> PGTLSError {
        var text = step
        let code = ERR_get_error()
        if code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            text += ": " + String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        ERR_clear_error()
        return PGTLSError(description: text)
    }
}

/// One connection's TLS state over memory BIOs: ciphertext in and out, plaintext to and from
/// the protocol machine, so TLS never touches the socket and the loop stays non-blocking.
final class PGTLSSession {
    let ssl: OpaquePointer
    let input: OpaquePointer
    let output: OpaquePointer
    private(set) var established = false
    private var scratch = [UInt8](repeating: 0, count: 16 * 1024)

    init?(context: PGTLSContext) {
        guard let ssl = SSL_new(context.ctx) else { return nil }
        guard let rbio = BIO_new(BIO_s_mem()), let wbio = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            return nil
        }
        self.ssl = ssl
        input = rbio
        output = wbio
        SSL_set_bio(ssl, rbio, wbio)  // the SSL owns both BIOs now
        SSL_set_accept_state(ssl)
    }

    deinit { SSL_free(ssl) }

    /// The SNI name the client sent.
    var serverName: String? {
        guard let name = copenssl_servername(ssl) else { return nil }
        return String(cString: name)
    }

    enum Step {
        case plaintext([UInt8])
        case handshakeDone
        case failed
    }

    /// Feeds ciphertext; returns plaintext (after the handshake) or the handshake's outcome.
    func receive(_ bytes: UnsafeRawBufferPointer) -> [Step] {
        if bytes.count > 0 { _ = BIO_write(input, bytes.baseAddress, Int32(bytes.count)) }
        var steps: [Step] = []
        if !established {
            let r = SSL_do_handshake(ssl)
            if r == 1 {
                established = true
                steps.append(.handshakeDone)
            } else {
                let e = SSL_get_error(ssl, r)
                if e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE {
                    ERR_clear_error()
                    return [.failed]
                }
                return steps
            }
        }
        var plain: [UInt8] = []
        while true {
            let n = scratch.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if n > 0 {
                plain.append(contentsOf: scratch[0..<Int(n)])
                continue
            }
            let e = SSL_get_error(ssl, n)
            if e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE { break }
            if e == SSL_ERROR_ZERO_RETURN { break }  // close_notify: the socket's EOF follows
            ERR_clear_error()
            if !plain.isEmpty { steps.append(.plaintext(plain)) }
            steps.append(.failed)
            return steps
        }
        if !plain.isEmpty { steps.append(.plaintext(plain)) }
        return steps
    }

    /// Encrypts plaintext into the output BIO.
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress! + offset, Int32(bytes.count - offset)) }
            if n <= 0 {
                ERR_clear_error()
                return false
            }
            offset += Int(n)
        }
        return true
    }

    /// Ciphertext waiting to be written to the socket.
    func drain() -> [UInt8] {
        let pending = copenssl_bio_pending(output)
        guard pending > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: pending)
        let n = out.withUnsafeMutableBytes { BIO_read(output, $0.baseAddress, Int32(pending)) }
        if n < Int32(pending) { out.removeLast(pending - Int(max(0, n))) }
        return out
    }
}
