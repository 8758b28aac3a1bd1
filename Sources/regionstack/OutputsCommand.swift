import ArgumentParser
import Foundation
import RegionStack

/// `regionstack outputs [NAME] [--json] [--raw]`: the running (or last) stack's outputs, printed
/// like `terraform output`, read from the outputs file `up` writes into its data directory.
struct OutputsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outputs",
        abstract: "Print the stack's outputs like terraform output.",
        discussion: "Examples: regionstack outputs; regionstack outputs admin_url --raw; regionstack outputs --json | jq -r .edge_url.value")

    @Argument(help: "One output's name (all outputs when omitted).")
    var name: String?

    @Flag(help: "JSON, as terraform output -json prints it.")
    var json = false

    @Flag(help: "A string, number or bool output's value without quotes (for scripts).")
    var raw = false

    @Option(help: "The stack's data directory (its outputs.json).")
    var dataDir: String = "./.regionstack/"

    @Option(help: "Read this outputs file instead (the --outputs-file of up).")
    var outputsFile: String?

    func validate() throws {
        if json && raw { throw ValidationError("--json and --raw cannot be used together") }
        if raw && name == nil { throw ValidationError("--raw needs an output name, as with terraform output -raw NAME") }
    }

    func run() async throws { try await reportingFailures { try execute() } }

    func execute() throws {
        let path = outputsFile ?? StackRuntime.dataDirectoryOutputsPath(dataDir)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("no outputs found at \(path): start the stack with `regionstack up` (or pass --data-dir / --outputs-file)")
        }
        guard let (values, sensitive) = OutputValue.readTerraformOutputJSON(String(decoding: data, as: UTF8.self)) else {
            throw CommandFailure("\(path) is not an outputs file (terraform output -json's shape)")
        }
        guard let name else {
            if json {
                print(OutputValue.terraformOutputJSON(values, sensitive: sensitive), terminator: "")
            } else {
                for key in values.keys.sorted() {
                    print("\(key) = \(sensitive.contains(key) ? "<sensitive>" : values[key]!.terraformText())")
                }
            }
            return
        }
        guard let value = values[name] else {
            throw CommandFailure(
                "Output \"\(name)\" not found: the outputs are \(values.keys.sorted().joined(separator: ", "))")
        }
        if json {
            print(value.json(pretty: true))
        } else if raw {
            switch value {
            case .string(let s): print(s, terminator: "")
            case .number, .bool: print(value.terraformText(), terminator: "")
            default:
                throw CommandFailure(
                    "Unsupported value for raw output: the output \"\(name)\" is not a string, number or bool; use --json")
            }
        } else {
            print(value.terraformText())
        }
    }
}
