// libFuzzer entry point for API Gateway's Lambda proxy response reader. Built by run.sh.

/// Reads the input as a function's answer, with and without base64 decoding. Whatever the
/// byte-level reader accepts must read the same through Foundation (the reference path), and a
/// response must carry a status in 100...599.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProxyResponse(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let payload = Array(UnsafeBufferPointer(start: data, count: size))
    for decode in [false, true] {
        let parsed = ProxyResponse.parse(payload, decodeBase64: decode)
        if let parsed { precondition((100...599).contains(parsed.statusCode), "status out of range") }
        if ProxyResponseReader.read(payload) != nil {
            precondition(parsed == ProxyResponse.parseWithFoundation(payload, decodeBase64: decode), "reader and Foundation differ")
        }
    }
    return 0
}
