import ArgumentParser
import Glibc
import RegionStack

/// `regionstack destroy`: delete the stack's state (the data directory).
///
/// Like the seed's cleanup, it refuses while `enable_deletion_protection` is true: destroy with
/// `--var enable_deletion_protection=false` (or set it in the tfvars file) first.
struct Destroy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Delete the stack's data directory.")

    @Option(help: "A terraform.tfvars file with the seed's variables.")
    var config: String?

    @Option(name: .customLong("var"), help: "Set a variable (repeatable).")
    var variables: [String] = []

    @Option(help: "The data directory to delete.")
    var dataDir: String = "./.regionstack/"

    func run() async throws {
        let configuration = try FileHandleOutput.loadConfiguration(path: config, overrides: variables)
        switch StackDestroyer.destroy(dataDirectory: dataDir, configuration: configuration) {
        case .deleted(let path):
            print("regionstack: deleted \(path)")
        case .nothingToDelete(let path):
            print("regionstack: nothing to delete at \(path)")
        case .refused(let message), .failed(let message):
            FileHandleOutput.stderr("regionstack: \(message)")
            throw ExitCode(1)
        }
    }
}
