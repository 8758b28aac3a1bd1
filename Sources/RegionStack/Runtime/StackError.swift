import Lambda

/// Why the stack could not start.
public enum StackError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `start` was called on a runtime that is already running.
    case alreadyRunning
    /// A listener failed to bind.
    case listen(String)
    /// The outputs file could not be written.
    case outputsFile(path: String, errno: Int32)
    /// No `usersDatabase` factory was given: the API functions would have nothing to talk to.
    case databaseNotWired
    /// The region's database factory failed.
    case database(role: StackRegionRole, reason: String)
    /// Lambda refused a function (for example reserved environment keys such as `AWS_REGION`).
    case lambda(function: String, LambdaError)
    /// The API Gateway model could not be built (for example the usage plan).
    case gateway(String)
    /// The data directory could not be created.
    case dataDirectory(path: String, errno: Int32)
    /// A start option is out of range (it names the option, the value and the rule).
    case invalidOption(String)
    /// Another stack (process `pid`, 0 when unknown) holds the data directory's lock.
    case dataDirectoryInUse(path: String, pid: Int32)

    public var description: String {
        switch self {
        case .alreadyRunning: "the stack is already running"
        case .listen(let what): "cannot listen on \(what)"
        case .outputsFile(let path, let code): "cannot write outputs file \(path) (errno \(code))"
        case .databaseNotWired:
            "the users database is not wired: StackOptions.usersDatabase must supply each region's database (the DSQL cluster session)"
        case .database(let role, let reason): "the \(role.rawValue) region's database failed to start: \(reason)"
        case .lambda(let function, let error): "cannot create function \(function): \(error.code): \(error.message)"
        case .gateway(let reason): "cannot build the API: \(reason)"
        case .dataDirectory(let path, let code): "cannot create data directory \(path) (errno \(code))"
        case .invalidOption(let what): "invalid option: \(what)"
        case .dataDirectoryInUse(let path, let pid):
            "the data directory \(path) is in use by another regionstack"
                + (pid > 0 ? " (pid \(pid))" : "")
                + ": stop that stack first, or start this one with another --data-dir or with --ephemeral"
        }
    }
}
