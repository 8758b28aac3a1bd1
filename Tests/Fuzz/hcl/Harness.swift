// libFuzzer entry point for the tfvars parser (HCLParser). Built by run.sh.

/// Parses the input as a variable definitions file and as one `-var` value: either parses or
/// refuses with an error, never crashes or hangs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHCL(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? HCLParser.parseFile(text)
    _ = try? HCLParser.parseValue(text)
    return 0
}
