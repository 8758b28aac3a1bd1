import Chaos

extension StackRuntime {
    /// The Route 53 health checks (one per data region when `create_route53_health_checks` is
    /// true) and the global endpoint over the regions' listeners.
    static func healthChecks(
        _ options: StackOptions, _ assembly: StackAssembly, ports: [StackRegionRole: Int]
    ) throws -> (Route53HealthChecks, GlobalEndpointResponder) {
        let c = assembly.configuration
        var checks: [(StackRegionRole, HealthCheckConfiguration)] = []
        if c.createRoute53HealthChecks {
            for region in assembly.regions {
                let check = HealthCheckConfiguration(
                    id: region.names.healthCheckID, region: region.names.region, fqdn: region.names.healthCheckFQDN,
                    resourcePath: "/\(c.apiGatewayStageName)/health", port: ports[region.role] ?? 0,
                    requestInterval: options.healthCheckInterval, failureThreshold: options.healthCheckFailureThreshold)
                do throws(HealthCheckConfiguration.Problem) {
                    try check.validate()
                } catch {
                    throw StackError.invalidOption("Route 53 health check: \(error)")
                }
                checks.append((region.role, check))
            }
        }
        let health = Route53HealthChecks(checks: checks, host: options.host, metrics: assembly.metrics.factory(region: Route53HealthChecks.metricRegion))
        let names = Dictionary(uniqueKeysWithValues: assembly.regions.map { ($0.role, $0.names.region) })
        let global = GlobalEndpointResponder(
            checks: health, host: options.host, regionPorts: ports, regionNames: names,
            domainName: c.customDomainName.isEmpty ? nil : c.customDomainName)
        return (health, global)
    }

    /// Puts the checks (`health_checks`) and the failover record (`global_endpoint`) into
    /// `GET /_regionstack/status`.
    static func publishFailoverStatus(_ checks: Route53HealthChecks, on chaos: StackChaos, _ assembly: StackAssembly) {
        let names = Dictionary(uniqueKeysWithValues: assembly.regions.map { ($0.role, $0.names.region) })
        chaos.setStatusSection("health_checks") { checks.json() }
        chaos.setStatusSection("global_endpoint") { checks.failoverJSON(regionNames: names) }
    }

    /// The Route 53 health checks of the running stack (nil when stopped).
    public var route53HealthChecks: Route53HealthChecks? { running.withLock { $0?.healthChecks } }

    /// The LocalStack-style fault rules of the running stack (nil when stopped or admin-only).
    public var faultRules: FaultRuleInjector? { running.withLock { $0?.assembly?.faults } }
}
