// libFuzzer entry point for the admin SQL endpoint's envelope reader. Built by run.sh.

/// Decodes the input as a `POST /_regionstack/sql` body: an accepted envelope has statements,
/// and parameters that are never NaN or infinite; a refusal carries a message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQLEnvelope(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Array(UnsafeBufferPointer(start: data, count: size))
    switch AdminSQLEnvelope.decode(body) {
    case .success(let envelope):
        precondition(!envelope.statements.isEmpty, "an envelope without statements")
        for statement in envelope.statements {
            for case .real(let d) in statement.params { precondition(d.isFinite, "a non-finite parameter") }
        }
    case .failure(let refusal):
        precondition(!refusal.message.isEmpty, "a refusal without a message")
    }
    return 0
}
