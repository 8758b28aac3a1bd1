// swift-tools-version:6.0
import PackageDescription

/// Every Swift target builds in Swift 6 language mode with complete concurrency checking.
let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

/// swift-metrics' facade: what services emit through (no dependency on Observability).
let coreMetrics: Target.Dependency = .product(name: "CoreMetrics", package: "swift-metrics")

let package = Package(
    name: "RegionStack",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "regionstack", targets: ["regionstack"]),
        .library(name: "RegionStack", targets: ["RegionStack"]),
        .library(name: "HTTP", targets: ["HTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The metrics facade every service emits through, and the Prometheus text exposition;
        // neither pulls in SwiftNIO (`swift package show-dependencies`).
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // System libraries and C shims.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSystem"),

        // One module per concept; dependencies point down.
        .target(name: "Determinism", swiftSettings: swift6),
        .target(name: "JSONLexing", swiftSettings: swift6),
        .target(name: "ServerSupport", dependencies: ["CSystem"], swiftSettings: swift6),
        .target(name: "HTTP", dependencies: ["CSystem", "ServerSupport"], swiftSettings: swift6),
        .target(name: "Replication", dependencies: ["CSystem", "Determinism", coreMetrics], swiftSettings: swift6),
        // Aurora DSQL in layers: what clients see, SQLite bindings, the region store, the SQL
        // dialect and catalog, and the replicated cluster with its sessions on top.
        .target(name: "DSQLClient", swiftSettings: swift6),
        .target(name: "SQLiteBindings", dependencies: ["CSQLite", "DSQLClient", "Replication"], swiftSettings: swift6),
        .target(
            name: "RegionStorage", dependencies: ["CSQLite", "SQLiteBindings", "DSQLClient", "Replication"],
            swiftSettings: swift6),
        .target(name: "DSQLDialect", dependencies: ["CSQLite", "DSQLClient", "JSONLexing"], swiftSettings: swift6),
        .target(
            name: "DSQL", dependencies: ["DSQLClient", "DSQLDialect", "RegionStorage", "SQLiteBindings", "Replication", coreMetrics],
            swiftSettings: swift6),
        .target(name: "PGWire", dependencies: ["CSystem", "COpenSSL", "ServerSupport"], swiftSettings: swift6),
        .target(
            name: "Observability",
            dependencies: ["JSONLexing", coreMetrics, .product(name: "Prometheus", package: "swift-prometheus")],
            swiftSettings: swift6),
        .target(name: "Chaos", dependencies: ["Replication", "Determinism", "JSONLexing"], swiftSettings: swift6),
        .target(name: "Lambda", dependencies: ["Observability", "Determinism", "HTTP", "CSystem", coreMetrics], swiftSettings: swift6),
        .target(name: "APIGateway", dependencies: ["Observability", "Determinism", "JSONLexing", coreMetrics], swiftSettings: swift6),
        .target(name: "AWSAPI", dependencies: ["HTTP", "JSONLexing"], swiftSettings: swift6),
        .target(name: "UsersService", dependencies: ["Lambda", "DSQLClient", "JSONLexing", "HTTP"], swiftSettings: swift6),
        .target(
            name: "RegionStack",
            dependencies: [
                "HTTP", "Replication", "DSQLClient", "DSQLDialect", "DSQL", "Observability", "Lambda", "APIGateway", "UsersService", "Determinism",
                "COpenSSL", "Chaos", "PGWire", "AWSAPI", "JSONLexing", coreMetrics,
            ],
            swiftSettings: swift6),
        .executableTarget(
            name: "regionstack",
            dependencies: [
                "RegionStack", "DSQLClient", "DSQLDialect", "DSQL", "RegionStorage", "SQLiteBindings", "Replication", "HTTP", "Chaos", "Observability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swift6),

        .testTarget(name: "DeterminismTests", dependencies: ["Determinism"], swiftSettings: swift6),
        .testTarget(name: "JSONLexingTests", dependencies: ["JSONLexing", "Determinism"], swiftSettings: swift6),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Determinism"], swiftSettings: swift6),
        .testTarget(name: "ReplicationTests", dependencies: ["Replication", "Determinism"], swiftSettings: swift6),
        .testTarget(name: "DSQLClientTests", dependencies: ["DSQLClient"], swiftSettings: swift6),
        .testTarget(name: "SQLiteBindingsTests", dependencies: ["SQLiteBindings", "CSQLite"], swiftSettings: swift6),
        .testTarget(
            name: "RegionStorageTests", dependencies: ["RegionStorage", "SQLiteBindings", "DSQLClient", "Replication", "Determinism"],
            swiftSettings: swift6),
        .testTarget(
            name: "DSQLDialectTests", dependencies: ["DSQLDialect", "DSQLClient", "CSQLite", "Determinism"], swiftSettings: swift6),
        .testTarget(name: "DSQLTests", dependencies: ["DSQL", "DSQLClient", "Replication", "Determinism"], swiftSettings: swift6),
        .testTarget(name: "LambdaTests", dependencies: ["Lambda", "Observability", "Determinism", "HTTP", coreMetrics], swiftSettings: swift6),
        .testTarget(
            name: "APIGatewayTests", dependencies: ["APIGateway", "Observability", "Determinism", coreMetrics], swiftSettings: swift6),
        .testTarget(name: "UsersServiceTests", dependencies: ["UsersService", "Lambda", "DSQLClient"], swiftSettings: swift6),
        .testTarget(name: "AWSAPITests", dependencies: ["AWSAPI", "RegionStack", "HTTP", "Lambda"], swiftSettings: swift6),
        .testTarget(
            name: "PGWireTests", dependencies: ["PGWire", "RegionStack", "Determinism"],
            exclude: ["Scripts"], swiftSettings: swift6),
        .testTarget(name: "RegionStackTests", dependencies: ["RegionStack", "HTTP", "DSQLClient", "DSQL", "RegionStorage", "Determinism", "Chaos"], swiftSettings: swift6),
        .testTarget(name: "ObservabilityTests", dependencies: ["Observability", "Determinism", coreMetrics], swiftSettings: swift6),
        .testTarget(name: "ChaosTests", dependencies: ["Chaos", "Replication", "Determinism"], swiftSettings: swift6),
    ]
)
