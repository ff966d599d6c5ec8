package io.meridian.server.replication;

import io.meridian.regions.EndpointDefinition;
import io.meridian.regions.EndpointKind;
import io.meridian.regions.Link;
import io.meridian.regions.paths.Prior;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.paths.PathEstimates;
import io.meridian.sync.resilience.RegistryGuards;
import io.meridian.sync.transfer.EndpointChoice;
import io.meridian.sync.transfer.EndpointHandle;
import io.meridian.sync.transfer.GuardedRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Opens the endpoints of a registry that has more than its url: one OCI client each (its own base URL, CA bundle
 * and forward proxy, the registry's credentials), one guard each (its own circuit breaker), one meter each, and the
 * prior from the configured region link between this node's region and the registry's, adjusted by kind.
 */
final class EndpointHandles {

    private final JdbcTemplate jdbc;
    private final OciTransport transport;
    private final RegistryGuards guards;
    private final PathEstimates estimates;
    private final Optional<String> nodeRegion;
    private final MeterRegistry meters;

    EndpointHandles(JdbcTemplate jdbc, OciTransport transport, RegistryGuards guards, PathEstimates estimates,
                    Optional<String> nodeRegion, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transport = transport;
        this.guards = guards;
        this.estimates = estimates;
        this.nodeRegion = nodeRegion;
        this.meters = meters;
    }

    /**
     * The registry {@code primary} (its url, {@code own}) with its endpoints to choose from; unchanged when it has
     * none, so a registry with only its url costs nothing more than before.
     */
    GuardedRegistry open(GuardedRegistry primary, String region, RegistryEndpoint own,
                         List<EndpointDefinition> endpoints) {
        if (endpoints.isEmpty()) {
            return primary;
        }
        Prior link = prior(region);
        List<EndpointHandle> handles = new ArrayList<>();
        handles.add(handle(primary, EndpointHandle.DEFAULT, EndpointKind.PUBLIC, List.of(), link, own));
        for (EndpointDefinition e : endpoints) {
            RegistryEndpoint endpoint = new RegistryEndpoint(e.uri(), own.insecure(), own.credentials(),
                    Optional.ofNullable(e.caBundle()).map(Path::of),
                    Optional.ofNullable(e.proxy()).map(URI::create)
                            .map(p -> InetSocketAddress.createUnresolved(p.getHost(), p.getPort())));
            handles.add(handle(primary, e.name(), e.kind(), e.reachableFrom(), link.forKind(e.kind()), endpoint));
        }
        return primary.withEndpoints(handles, new EndpointChoice(nodeRegion));
    }

    private EndpointHandle handle(GuardedRegistry primary, String name, EndpointKind kind, List<String> reachableFrom,
                                  Prior prior, RegistryEndpoint endpoint) {
        GuardedRegistry registry = new GuardedRegistry(primary.id(), primary.name(), name,
                new RegistryClient(transport, endpoint), guards.forEndpoint(primary.name(), name), meters,
                estimates.meter(primary.name(), name));
        return new EndpointHandle(name, kind, reachableFrom, prior, registry);
    }

    /** The configured link from this node's region to the registry's; same region: short and wide. */
    Prior prior(String registryRegion) {
        if (nodeRegion.isEmpty()) {
            return Prior.UNKNOWN_LINK;
        }
        if (nodeRegion.get().equals(registryRegion)) {
            return Prior.SAME_REGION;
        }
        return jdbc.query("""
                        SELECT l.latency_ms, l.bandwidth_mbps FROM region_links l
                          JOIN regions f ON f.id = l.from_region_id JOIN regions t ON t.id = l.to_region_id
                         WHERE f.name = ? AND t.name = ? AND l.latency_ms IS NOT NULL AND l.bandwidth_mbps IS NOT NULL""",
                        (rs, i) -> Prior.of(new Link(nodeRegion.get(), registryRegion, rs.getDouble(1), rs.getDouble(2), 0)),
                        nodeRegion.get(), registryRegion)
                .stream().findFirst().orElse(Prior.UNKNOWN_LINK);
    }
}
