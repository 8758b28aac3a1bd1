// libFuzzer entry point for DSQL's json/jsonb input (PGJSON). Built by run.sh.

/// Reads the input as json text; an accepted document's canonical jsonb text must be accepted
/// again and be its own canonical form.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPGJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let document = try? PGJSON.parse(text) else { return 0 }
    let lenient = try? document.canonical(refusingNUL: false)
    precondition(lenient != nil, "canonical text refused without the NUL rule")
    if let canonical = PGJSON.jsonb(text) {
        precondition(PGJSON.jsonb(canonical) == canonical, "canonical jsonb is not a fixed point")
    }
    return 0
}
