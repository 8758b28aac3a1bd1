import Chaos
import DSQL
import Replication

extension StackChaos {
    /// Builds the chaos controls over an assembled stack: each data region gets its Lambda
    /// service and its DSQL endpoint and log node, the witness its log node. Listeners register
    /// as they open (`StackRuntime`), and so can any later listener (a PostgreSQL endpoint).
    static func wire(_ assembly: StackAssembly, names: RegionNames) async -> StackChaos {
        let chaos = StackChaos(names: names, cluster: assembly.dsql)
        for region in assembly.regions {
            await chaos.register(LambdaComponent(invoker: region.invoker), in: StackDSQL.node(for: region.role))
        }
        if let cluster = assembly.dsql {
            for node in NodeID.allCases { await chaos.register(DSQLRegionComponent(cluster: cluster, node: node), in: node) }
        }
        return chaos
    }
}

extension StackRuntime {
    /// Where `up` always writes the outputs inside its data directory.
    public static func dataDirectoryOutputsPath(_ dataDirectory: String) -> String {
        (dataDirectory.hasSuffix("/") ? dataDirectory : dataDirectory + "/") + "outputs.json"
    }
}
