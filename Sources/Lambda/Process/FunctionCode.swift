import Foundation

/// A function's own code: a directory run as Lambda runs it, in a process per environment.
///
/// Why: with this resource registered, the invoker's environments are runtime processes that
/// pull invocations from the Runtime API instead of Swift handlers compiled into the emulator.
/// `resolve(runtime:handler:)` turns the function's `runtime` into the command to start, once at
/// registration, so an unknown runtime or a missing `bootstrap` is refused at start-up.
public struct FunctionCode: Sendable, Hashable {
    /// The code directory (`LAMBDA_TASK_ROOT`).
    public var directory: String
    /// The Python interpreter for `python3.x` runtimes (a name looked up in `PATH`, or a path).
    public var python: String
    /// For `python3.x`: use `awslambdaric` when importable (nil: yes), or always the bundled bootstrap (false).
    public var preferAWSLambdaRIC: Bool

    /// The runtimes this emulator runs as processes.
    public static let supportedRuntimes = ["provided", "provided.al2", "provided.al2023", "python3.x (python3.9 ... python3.13)"]

    /// Creates a code reference.
    public init(directory: String, python: String = "python3", preferAWSLambdaRIC: Bool = true) {
        self.directory = directory
        self.python = python
        self.preferAWSLambdaRIC = preferAWSLambdaRIC
    }

    /// The bundled standard-library Python bootstrap (`fixtures/runtimes/python/bootstrap.py`).
    public static var bundledPythonBootstrap: String {
        let file = "\(#filePath)"
        var parts = file.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)  // Process/FunctionCode.swift, Lambda, Sources
        return parts.joined(separator: "/") + "/fixtures/runtimes/python/bootstrap.py"
    }
}

/// How to start one runtime: the command and the variables the runtime itself adds.
public struct RuntimeCommand: Sendable, Hashable {
    /// `argv`, `argv[0]` an absolute path.
    public var arguments: [String]
    /// Extra variables (e.g. `PYTHONPATH`).
    public var environment: [String: String]
    /// Which loop runs the handler: `bootstrap`, `awslambdaric` or `bundled bootstrap`.
    public var label: String
}

/// A function's code could not be prepared for its runtime.
public struct FunctionCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the function and what would work.
    public var message: String
    public var description: String { message }
}

extension FunctionCode {
    /// The command for `runtime` (checked now: the directory, the bootstrap, the interpreter).
    /// Blocking (it may run the interpreter once): call it off the cooperative pool.
    public func resolve(functionName: String, runtime: String, handler: String) throws(FunctionCodeError) -> RuntimeCommand {
        var isDirectory = stat()
        guard stat(directory, &isDirectory) == 0, (isDirectory.st_mode & S_IFMT) == S_IFDIR else {
            throw FunctionCodeError(message: "Function \(functionName): code directory \(directory) does not exist")
        }
        if runtime == "provided" || runtime.hasPrefix("provided.") {
            guard runtime == "provided" || runtime == "provided.al2" || runtime == "provided.al2023" else { throw unsupported(functionName, runtime) }
            let bootstrap = directory + "/bootstrap"
            guard access(bootstrap, X_OK) == 0 else {
                throw FunctionCodeError(message: "Function \(functionName): runtime \(runtime) needs an executable bootstrap in \(directory) (Runtime.InvalidEntrypoint)")
            }
            return RuntimeCommand(arguments: [bootstrap], environment: [:], label: "bootstrap")
        }
        if runtime.hasPrefix("python3.") {
            guard let found = Self.lookUp(python), let interpreter = Self.realInterpreter(found) else {
                throw FunctionCodeError(message: "Function \(functionName): runtime \(runtime) needs \(python) in PATH")
            }
            let environment = ["PYTHONPATH": directory, "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"]
            if preferAWSLambdaRIC, Self.probe(interpreter, "import awslambdaric") {
                return RuntimeCommand(arguments: [interpreter, "-m", "awslambdaric", handler], environment: environment, label: "awslambdaric")
            }
            let bootstrap = Self.bundledPythonBootstrap
            guard access(bootstrap, R_OK) == 0 else {
                throw FunctionCodeError(message: "Function \(functionName): the bundled Python bootstrap \(bootstrap) is missing")
            }
            return RuntimeCommand(arguments: [interpreter, bootstrap, handler], environment: environment, label: "bundled bootstrap")
        }
        throw unsupported(functionName, runtime)
    }

    private func unsupported(_ name: String, _ runtime: String) -> FunctionCodeError {
        FunctionCodeError(message: "Function \(name): runtime \(runtime) is not supported for function code; supported runtimes: \(Self.supportedRuntimes.joined(separator: ", "))")
    }

    /// An executable's absolute path: `name` itself if it has a slash, else the first in `PATH`.
    static func lookUp(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where access("\(dir)/\(name)", X_OK) == 0 {
            return "\(dir)/\(name)"
        }
        return nil
    }

    /// The interpreter's own path (`sys.executable`), so a wrapper such as a pyenv shim, which
    /// needs the caller's environment, is not what the function's environment runs (blocking).
    static func realInterpreter(_ path: String) -> String? {
        guard let pipe = popen("'\(path)' -c 'import sys; print(sys.executable)' 2>/dev/null", "r") else { return nil }
        var buffer = [CChar](repeating: 0, count: 4096)
        let line = fgets(&buffer, Int32(buffer.count), pipe) != nil ? String(cString: buffer) : ""
        guard pclose(pipe) == 0 else { return nil }
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.hasPrefix("/") ? trimmed : nil
    }

    /// True when `interpreter -c code` exits 0 (blocking).
    static func probe(_ interpreter: String, _ code: String) -> Bool {
        guard let pipe = popen("'\(interpreter)' -c '\(code)' >/dev/null 2>&1", "r") else { return false }
        return pclose(pipe) == 0
    }
}
