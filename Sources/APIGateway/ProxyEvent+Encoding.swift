import Foundation

extension ProxyEvent {
    /// The event JSON written straight into bytes: the same document as `build(...).bytes`,
    /// member for member, without building a `JSONValue` tree first (the tree and its strings
    /// were a visible share of every request).
    static func encode(
        request: GatewayRequest, context: RequestContext, resourcePath: String, pathWithinStage: String,
        pathParameters: [(String, String)], stageVariables: [String: String], binaryMediaTypes: [String]
    ) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1536 + request.body.count + request.body.count / 3)
        writeMember(#"{"resource":"#, resourcePath, to: &out)
        writeMember(#","path":"#, pathWithinStage, to: &out)
        writeMember(#","httpMethod":"#, context.httpMethod, to: &out)

        let headers = forwardedHeaders(client: request.headers, context: context)
        let headerGroups = grouped(headers.lazy.map { ($0.name, $0.value) }, count: headers.count, caseInsensitive: true)
        out.append(contentsOf: #","headers":"#.utf8)
        writeSingle(headerGroups, to: &out)
        out.append(contentsOf: #","multiValueHeaders":"#.utf8)
        writeMulti(headerGroups, to: &out)

        let query = QueryString.parse(request.rawQuery)
        let queryGroups = grouped(query.lazy.map { $0 }, count: query.count, caseInsensitive: false)
        out.append(contentsOf: #","queryStringParameters":"#.utf8)
        writeSingle(queryGroups, to: &out)
        out.append(contentsOf: #","multiValueQueryStringParameters":"#.utf8)
        writeMulti(queryGroups, to: &out)

        out.append(contentsOf: #","pathParameters":"#.utf8)
        if pathParameters.isEmpty {
            out.append(contentsOf: "null".utf8)
        } else {
            writeObject(pathParameters.lazy.map { $0 }, to: &out)
        }
        out.append(contentsOf: #","stageVariables":"#.utf8)
        if stageVariables.isEmpty {
            out.append(contentsOf: "null".utf8)
        } else {
            writeObject(stageVariables.sorted { $0.key < $1.key }.lazy.map { ($0.key, $0.value) }, to: &out)
        }
        out.append(contentsOf: #","requestContext":"#.utf8)
        writeRequestContext(context, to: &out)

        out.append(contentsOf: #","body":"#.utf8)
        let base64: Bool
        if request.body.isEmpty {
            out.append(contentsOf: "null".utf8)
            base64 = false
        } else if isBinary(contentType: request.headers.lastValue("Content-Type"), binaryMediaTypes: binaryMediaTypes) {
            JSONValue.writeString(Data(request.body).base64EncodedString(), to: &out)
            base64 = true
        } else {
            // As `.string(String(decoding:))`: invalid UTF-8 is repaired before escaping.
            JSONValue.writeString(String(decoding: request.body, as: UTF8.self), to: &out)
            base64 = false
        }
        out.append(contentsOf: (base64 ? #","isBase64Encoded":true}"# : #","isBase64Encoded":false}"#).utf8)
        return out
    }

    /// `requestContext(_:)`, written.
    static func writeRequestContext(_ c: RequestContext, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"resourceId":"#.utf8)
        writeStringOrNull(c.resourceID, to: &out)
        out.append(contentsOf: #","resourcePath":"#.utf8)
        writeStringOrNull(c.resourcePath, to: &out)
        writeMember(#","httpMethod":"#, c.httpMethod, to: &out)
        writeMember(#","extendedRequestId":"#, c.extendedRequestID, to: &out)
        writeMember(#","requestTime":"#, UTCTime(epochMillis: c.epochMillis).commonLogFormat, to: &out)
        writeMember(#","path":"#, c.path, to: &out)
        writeMember(#","accountId":"#, c.accountID, to: &out)
        writeMember(#","protocol":"#, c.protocolVersion, to: &out)
        writeMember(#","stage":"#, c.stage, to: &out)
        writeMember(#","domainPrefix":"#, c.domainName.split(separator: ".", maxSplits: 1).first.map(String.init) ?? c.apiID, to: &out)
        out.append(contentsOf: #","requestTimeEpoch":"#.utf8)
        out.append(contentsOf: String(c.epochMillis).utf8)
        writeMember(#","requestId":"#, c.requestID, to: &out)
        out.append(contentsOf: #","identity":{"cognitoIdentityPoolId":null,"accountId":null,"cognitoIdentityId":null,"caller":null"#.utf8)
        if let key = c.apiKey {
            writeMember(#","apiKey":"#, key.value, to: &out)
            writeMember(#","apiKeyId":"#, key.id, to: &out)
        }
        writeMember(#","sourceIp":"#, c.sourceIP, to: &out)
        out.append(contentsOf: #","principalOrgId":null,"accessKey":null,"cognitoAuthenticationType":null,"#.utf8)
        out.append(contentsOf: #""cognitoAuthenticationProvider":null,"userArn":null,"userAgent":"#.utf8)
        writeStringOrNull(c.userAgent, to: &out)
        writeMember(#","user":null},"domainName":"#, c.domainName, to: &out)
        writeMember(#","deploymentId":"#, c.deploymentID, to: &out)
        writeMember(#","apiId":"#, c.apiID, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// One name's values, spelled as first seen. The first value is kept apart so the usual
    /// single-valued name allocates no array.
    struct Group {
        var name: String
        var first: String
        var more: [String] = []

        /// The last value (what the single-value map keeps).
        var last: String { more.last ?? first }
    }

    /// `group(_:caseInsensitive:)`'s grouping as a list (first-seen order); nil when there are no pairs.
    static func grouped<Pairs: Sequence<(String, String)>>(_ pairs: Pairs, count: Int, caseInsensitive: Bool) -> [Group]? {
        guard count > 0 else { return nil }
        var groups: [Group] = []
        groups.reserveCapacity(count)
        var index: [String: Int] = [:]
        let useIndex = count > 16
        for (name, value) in pairs {
            let found: Int?
            if useIndex {
                found = index[caseInsensitive ? name.lowercased() : name]
            } else if caseInsensitive {
                found = groups.firstIndex { CaseInsensitive.equals($0.name, name) }
            } else {
                found = groups.firstIndex { $0.name == name }
            }
            if let found {
                groups[found].more.append(value)
            } else {
                if useIndex { index[caseInsensitive ? name.lowercased() : name] = groups.count }
                groups.append(Group(name: name, first: value))
            }
        }
        return groups
    }

    private static func writeSingle(_ groups: [Group]?, to out: inout [UInt8]) {
        guard let groups else { return out.append(contentsOf: "null".utf8) }
        writeObject(groups.lazy.map { ($0.name, $0.last) }, to: &out)
    }

    private static func writeMulti(_ groups: [Group]?, to out: inout [UInt8]) {
        guard let groups else { return out.append(contentsOf: "null".utf8) }
        out.append(UInt8(ascii: "{"))
        for (i, group) in groups.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(group.name, to: &out)
            out.append(contentsOf: ":[".utf8)
            JSONValue.writeString(group.first, to: &out)
            for value in group.more {
                out.append(UInt8(ascii: ","))
                JSONValue.writeString(value, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func writeObject<Members: Sequence<(String, String)>>(_ members: Members, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (name, value) in members {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONValue.writeString(name, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONValue.writeString(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// `prefix` (the literal JSON up to the value) and `value` as a JSON string.
    private static func writeMember(_ prefix: String, _ value: String, to out: inout [UInt8]) {
        out.append(contentsOf: prefix.utf8)
        JSONValue.writeString(value, to: &out)
    }

    private static func writeStringOrNull(_ s: String?, to out: inout [UInt8]) {
        if let s { JSONValue.writeString(s, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }
}
