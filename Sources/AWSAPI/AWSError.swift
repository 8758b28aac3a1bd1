/// An AWS API error as data: the code clients match on, the message, the HTTP status, and any
/// extra members the service's error shape has (DSQL's `reason`, Lambda's `Type`).
///
/// The router renders it in the shape of the service's protocol (`AWSResponse.error`):
/// rest-json `x-amzn-ErrorType` plus a JSON body, json `__type`, query an XML `ErrorResponse`.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error code, e.g. `ResourceNotFoundException`.
    public var code: String
    /// The message.
    public var message: String
    /// The HTTP status.
    public var status: Int
    /// Members added to the JSON body after `message` (rest-json and json).
    public var fields: [(String, AWSJSON)]
    /// Whether the caller (`Sender`) or the service (`Receiver`) is at fault (query protocol).
    public var isSenderFault: Bool
    /// The key of the message member in JSON bodies (`message`; Lambda's own errors use it too).
    public var messageKey: String
    /// For services that moved from the query protocol to json (`awsQueryCompatible`, e.g.
    /// CloudWatch): the query-era code (`InvalidParameterValue`), sent in `x-amzn-query-error`,
    /// which the SDKs report as the error's code.
    public var queryCompatibleCode: String?

    public init(
        code: String, message: String, status: Int = 400, fields: [(String, AWSJSON)] = [], messageKey: String = "message",
        queryCompatibleCode: String? = nil
    ) {
        self.queryCompatibleCode = queryCompatibleCode
        self.code = code
        self.message = message
        self.status = status
        self.fields = fields
        self.isSenderFault = status < 500
        self.messageKey = messageKey
    }

    public static func == (lhs: AWSError, rhs: AWSError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message && lhs.status == rhs.status
            && AWSJSON.object(lhs.fields) == AWSJSON.object(rhs.fields)
    }

    public var description: String { "\(code) (\(status)): \(message)" }

    /// A body the router could not read.
    public static func serialization(_ message: String) -> AWSError {
        AWSError(code: "SerializationException", message: message, status: 400)
    }

    /// An operation of a known service that the emulator does not implement (yet).
    public static func unknownOperation(service: String, operation: String) -> AWSError {
        AWSError(
            code: "UnknownOperationException",
            message: "The \(service) operation \(operation) is not implemented by this emulator (RegionStack)",
            status: 400)
    }

    /// A service the emulator does not implement.
    public static func unknownService(_ service: String, known: [String]) -> AWSError {
        AWSError(
            code: "UnknownServiceException",
            message: "The service \(service) is not implemented by this emulator (RegionStack); it serves "
                + known.joined(separator: ", "),
            status: 400)
    }
}
