package io.meridian.server.paths;

import io.meridian.regions.paths.Estimate;
import io.meridian.server.api.registries.RegistryService;
import io.meridian.server.api.registries.RegistryView;
import io.meridian.server.problem.ApiProblem;
import io.meridian.server.replication.RegistryConnections;
import io.meridian.sync.paths.PathEstimates;
import io.meridian.sync.transfer.EndpointHandle;
import io.meridian.sync.transfer.GuardedRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/registries/{name}/endpoints}: each endpoint's estimates, breaker and usability here. */
@RestController
@Tag(name = "registries")
public class EndpointsController {

    private final RegistryService registries;
    private final RegistryConnections connections;
    private final PathEstimates estimates;
    private final NodeProperties node;

    public EndpointsController(RegistryService registries, RegistryConnections connections, PathEstimates estimates,
                               NodeProperties node) {
        this.registries = registries;
        this.connections = connections;
        this.estimates = estimates;
        this.node = node;
    }

    @GetMapping("/api/v1/registries/{name}/endpoints")
    @Operation(summary = "The registry's endpoints as this node measures them (rttMs, throughputMBps, errorRate, "
            + "samples, lastProbeAt), their circuit breaker and whether this node may use them")
    public List<EndpointView> endpoints(@PathVariable String name) {
        RegistryView registry = registries.get(name);
        if (registry.kind().chartRepository()) {
            throw ApiProblem.notFound("registry endpoints of an OCI registry", name);
        }
        GuardedRegistry open = connections.open(name);
        List<EndpointView> out = new ArrayList<>();
        Optional<String> region = node.regionName();
        if (open.endpoints().isEmpty()) {
            out.add(view(EndpointHandle.DEFAULT, registry.url(), "public", List.of(), null, Estimate.NONE, null,
                    open.guard().circuitState().name(), true, null));
            return out;
        }
        for (EndpointHandle e : open.endpoints()) {
            PathEstimates.Snapshot s = estimates.snapshot().get(PathEstimates.key(name, e.name()));
            boolean usable = e.reachableFrom().isEmpty() || region.map(e.reachableFrom()::contains).orElse(false);
            String url = e.name().equals(EndpointHandle.DEFAULT) ? registry.url()
                    : e.registry().endpointUrl();
            out.add(view(e.name(), url, e.kind().json(), e.reachableFrom(), e.registry().endpointProxy(),
                    s == null ? Estimate.NONE : s.estimate(), s == null ? null : s.lastProbeAt(),
                    e.registry().guard().circuitState().name(), usable, usable ? null
                            : "reachable only from " + e.reachableFrom() + "; this node's region is "
                            + region.orElse("(none)")));
        }
        return out;
    }

    private static EndpointView view(String name, String url, String kind, List<String> reachableFrom, String proxy,
                                     Estimate e, java.time.Instant probed, String breaker, boolean usable, String why) {
        return new EndpointView(name, url, kind, reachableFrom, proxy, e.rttMs(), e.throughputMBps(), e.errorRate(),
                e.samples(), probed, breaker, usable, why);
    }
}
