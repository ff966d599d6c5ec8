package io.meridian.sync.batch;

import io.meridian.regions.paths.PathRule;
import io.meridian.sync.plan.PlanDestination;
import io.meridian.sync.plan.PlanSpec;
import io.meridian.sync.resilience.BandwidthLimiter;
import io.meridian.sync.resilience.ParallelismLimiter;
import io.meridian.sync.transfer.GuardedRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import io.meridian.sync.helm.ChartExecution;

/**
 * An execution's policy snapshot bound to opened registries, ready to plan and transfer. {@code charts} is present
 * when the source is a classic chart repository: the plan step then hands the whole execution to it.
 * {@code bandwidth} and {@code parallelArtifacts} (null: no cap) are one object per execution, shared by all its
 * partitions: a policy's {@code limits} hold for the execution as a whole.
 */
public record ResolvedExecution(PlanSpec spec, GuardedRegistry source, List<PlanDestination> destinations,
                                BandwidthLimiter bandwidth, Optional<ChartExecution> charts,
                                ParallelismLimiter parallelArtifacts) {

    public ResolvedExecution(PlanSpec spec, GuardedRegistry source, List<PlanDestination> destinations,
                             BandwidthLimiter bandwidth) {
        this(spec, source, destinations, bandwidth, Optional.empty(), null);
    }

    public ResolvedExecution(PlanSpec spec, GuardedRegistry source, List<PlanDestination> destinations,
                             BandwidthLimiter bandwidth, Optional<ChartExecution> charts) {
        this(spec, source, destinations, bandwidth, charts, null);
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
