import RegionStack
import UsersService

/// Where `regionstack up` gets each region's users database.
///
/// This is the one place the DSQL cluster is plugged in: return a closure that opens (or joins)
/// the cluster and hands back the region's session adapted to `UsersDatabase`. Until that lands
/// it returns nil, and `up` stops with `StackError.databaseNotWired` instead of serving on a fake.
enum StackDatabases {
    static func factory(
        configuration: StackConfiguration, dataDirectory: String, ephemeral: Bool
    ) -> (@Sendable (StackRegionRole) async throws -> any UsersDatabase)? {
        nil
    }
}
