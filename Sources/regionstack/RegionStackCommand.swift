import ArgumentParser

@main
struct RegionStackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "regionstack")
    func run() throws { print("regionstack") }
}
