/// A REST API (API Gateway v1): its identity, resource tree, binary media types and stages.
///
/// This is the deployed shape the request pipeline reads; it is plain data so a test or the
/// composition layer can build any API, and `SeedAPIBuilder` builds the seed's.
public struct RestAPI: Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var region: String
    public var accountID: String
    /// Resources, the root (`/`) first. Paths are unique.
    public var resources: [APIResource]
    /// Content types whose request bodies are passed to Lambda base64-encoded (`*/*` matches all).
    public var binaryMediaTypes: [String]
    public var stages: [Stage]

    public init(
        id: String, name: String, description: String = "", region: String, accountID: String,
        rootResourceID: String, binaryMediaTypes: [String] = [], stages: [Stage] = []
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.region = region
        self.accountID = accountID
        self.resources = [APIResource(id: rootResourceID, parentID: nil, pathPart: "", path: "/")]
        self.binaryMediaTypes = binaryMediaTypes
        self.stages = stages
    }

    /// The default execute-api host name, as AWS puts it in `Host` and `requestContext.domainName`.
    public var executeAPIDomain: String { "\(id).execute-api.\(region).amazonaws.com" }

    /// The execution ARN prefix (`arn:aws:execute-api:<region>:<account>:<api-id>`).
    public var executionARN: String { "arn:aws:execute-api:\(region):\(accountID):\(id)" }

    public var rootResource: APIResource { resources[0] }

    /// The resource at exactly `path` (a template such as `/users/{id}`), if any.
    public func resource(atPath path: String) -> APIResource? { resources.first { $0.path == path } }

    /// The stage called `name`, if any.
    public func stage(named name: String) -> Stage? { stages.first { $0.name == name } }

    /// Adds a child resource under `parentPath` and returns its full path.
    /// Throws when the parent is missing or the path already exists.
    @discardableResult
    public mutating func addResource(id: String, parentPath: String, pathPart: String) throws(APIModelError) -> String {
        guard let parent = resource(atPath: parentPath) else { throw .unknownParent(parentPath) }
        let path = parentPath == "/" ? "/\(pathPart)" : "\(parentPath)/\(pathPart)"
        guard resource(atPath: path) == nil else { throw .duplicateResource(path) }
        resources.append(APIResource(id: id, parentID: parent.id, pathPart: pathPart, path: path))
        return path
    }

    /// Puts (or replaces) a method on the resource at `path`.
    public mutating func putMethod(_ method: APIMethod, atPath path: String) throws(APIModelError) {
        guard let index = resources.firstIndex(where: { $0.path == path }) else { throw .unknownResource(path) }
        resources[index].methods[method.httpMethod] = method
    }
}

/// A mistake while assembling a `RestAPI` (the equivalent of API Gateway's BadRequest/NotFound).
public enum APIModelError: Error, Sendable, Equatable {
    case unknownParent(String)
    case unknownResource(String)
    case duplicateResource(String)
}

/// One node of the resource tree: `/`, `/users`, `/users/{id}`, `/{proxy+}`.
public struct APIResource: Sendable, Equatable {
    public var id: String
    public var parentID: String?
    public var pathPart: String
    /// The full path template, e.g. `/users/{id}`.
    public var path: String
    /// Methods keyed by HTTP method (`GET`, `POST`, `OPTIONS`, `ANY`).
    public var methods: [String: APIMethod] = [:]
}

/// A method on a resource: authorization, API-key requirement and integration.
public struct APIMethod: Sendable, Equatable {
    public var httpMethod: String
    public var authorizationType: String
    public var apiKeyRequired: Bool
    public var integration: Integration

    public init(httpMethod: String, authorizationType: String = "NONE", apiKeyRequired: Bool = false, integration: Integration) {
        self.httpMethod = httpMethod
        self.authorizationType = authorizationType
        self.apiKeyRequired = apiKeyRequired
        self.integration = integration
    }
}

/// What a method calls: a Lambda function through the proxy integration, or a canned MOCK answer.
public enum Integration: Sendable, Equatable {
    case awsProxy(functionARN: String)
    case mock(MockIntegrationResponse)

    /// The integration URI AWS stores for an AWS_PROXY Lambda integration in `region`.
    public static func lambdaURI(region: String, functionARN: String) -> String {
        "arn:aws:apigateway:\(region):lambda:path/2015-03-31/functions/\(functionARN)/invocations"
    }
}

/// The integration response of a MOCK integration: a status, header values and a body.
///
/// The seed's OPTIONS methods use a request template `{"statusCode": 200}` and no response template,
/// so the answer is 200 with the three `Access-Control-Allow-*` headers and an empty body.
public struct MockIntegrationResponse: Sendable, Equatable {
    public var statusCode: Int
    public var headers: [HeaderField]
    public var body: [UInt8]

    public init(statusCode: Int, headers: [HeaderField], body: [UInt8] = []) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
    }
}
