package io.meridian.sync.batch;

import io.meridian.regions.paths.PathRule;
import io.meridian.sync.plan.PlanDestination;
import io.meridian.sync.plan.PlanSpec;
import io.meridian.sync.resilience.BandwidthLimiter;
import io.meridian.sync.transfer.GuardedRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import io.meridian.sync.helm.ChartExecution;

/**
 * An execution's policy snapshot bound to opened registries, ready to plan and transfer. {@code charts} is present
 * when the source is a classic chart repository: the plan step then hands the whole execution to it.
 */
public record ResolvedExecution(PlanSpec spec, GuardedRegistry source, List<PlanDestination> destinations,
                                BandwidthLimiter bandwidth, Optional<ChartExecution> charts) {

    public ResolvedExecution(PlanSpec spec, GuardedRegistry source, List<PlanDestination> destinations,
                             BandwidthLimiter bandwidth) {
        this(spec, source, destinations, bandwidth, Optional.empty());
    }

    public ResolvedExecution {
        charts = charts == null ? Optional.empty() : charts;
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(source, "source");
        destinations = List.copyOf(destinations);
    }

    /** The policy's constraint on the endpoints of destination registry {@code registryId} (any when none). */
    public PathRule paths(long registryId) {
        return destinations.stream().filter(d -> d.registry().id() == registryId).map(PlanDestination::paths)
                .findFirst().orElse(PathRule.ANY);
    }

    public GuardedRegistry destination(long registryId) {
        return destinations.stream().map(PlanDestination::registry).filter(r -> r.id() == registryId).findFirst()
                .orElseThrow(() -> new IllegalStateException("registry id " + registryId
                        + " is not a destination of policy " + spec.policy()));
    }
}
