// libFuzzer entry point for the users service's json.loads (PyJSONParser). Built by run.sh.

/// Parses the input whole and keeping two top-level keys: both must agree (the same value's
/// members, or the same failure), and an accepted value must print (`json.dumps`) to text that
/// parses back to it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPyJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let keys = ["name", "email"]
    let full = Result { () throws(PyJSONParser.Failure) in try PyJSONParser.parse(bytes) }
    let partial = Result { () throws(PyJSONParser.Failure) in try PyJSONParser.parse(bytes, keepingTopLevelKeys: keys) }
    switch (full, partial) {
    case (.success(let value), .success(let kept)):
        for key in keys { precondition(value[key] == kept[key], "kept member differs") }
        let again = try? PyJSONParser.parse(value.text)
        precondition(again == value, "json.dumps text does not parse back")
    case (.failure(let a), .failure(let b)):
        precondition(a.isRecursion == b.isRecursion, "failure kinds differ")
    default:
        preconditionFailure("whole and partial parse disagree")
    }
    return 0
}
