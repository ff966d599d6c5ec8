package io.meridian.server.replication;

import io.meridian.sync.helm.ChartExecution;
import io.meridian.policies.Destination;
import io.meridian.regions.paths.PathRule;
import io.meridian.policies.Limits;
import io.meridian.policies.Policy;
import io.meridian.policies.StrictJson;
import io.meridian.sync.batch.ExecutionRepository;
import io.meridian.sync.batch.ExecutionResolver;
import io.meridian.sync.batch.ResolvedExecution;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.plan.PlanDestination;
import io.meridian.sync.plan.PlanSpec;
import io.meridian.sync.resilience.BandwidthLimiter;
import io.meridian.sync.resilience.ParallelismLimiter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Binds an execution to the policy snapshot taken when it was triggered (so a restart after a
 * crash does the same work even if the policy was edited since) and to opened registries. Called
 * once when an execution is launched or resumed; the job's steps only read what it returned.
 */
public class PolicyExecutionResolver implements ExecutionResolver {

    private final ExecutionRepository executions;
    private final RegistryConnections registries;
    private final ReplicationProperties properties;

    private final ChartRepositoryConnections charts;

    public PolicyExecutionResolver(ExecutionRepository executions, RegistryConnections registries,
                                   ReplicationProperties properties) {
        this(executions, registries, properties, null);
    }

    /** @param charts opens classic chart repositories; null when this node replicates images only */
    public PolicyExecutionResolver(ExecutionRepository executions, RegistryConnections registries,
                                   ReplicationProperties properties, ChartRepositoryConnections charts) {
        this.executions = executions;
        this.registries = registries;
        this.properties = properties;
        this.charts = charts;
    }

    @Override
    public ResolvedExecution resolve(UUID executionId) {
        String snapshot = executions.policySnapshot(executionId).orElseThrow(() -> new IllegalStateException(
                "execution " + executionId + " does not exist or has no policy snapshot"));
        Policy policy = StrictJson.readPolicy(snapshot);
        PlanSpec spec = PolicyPlans.spec(policy, registries);
        List<DestinationSpec> destinations = spec.destinations();
        List<PlanDestination> bound = new java.util.ArrayList<>();
        for (int i = 0; i < destinations.size(); i++) {
            DestinationSpec d = destinations.get(i);
            // the plan's destinations are the policy's, in order: each keeps its paths rule
            PathRule paths = destinations.size() == policy.destinations().size()
                    ? paths(policy.destinations().get(i)) : PathRule.ANY;
            bound.add(new PlanDestination(registries.open(d.registry()), d, paths));
        }
        // a classic chart repository source goes to the chart replicator (the opened registries only carry ids)
        Optional<ChartExecution> chartExecution = charts != null && charts.isChartRepository(policy.source().registry())
                ? Optional.of(charts.bind(policy)) : Optional.empty();
        // the policy's own limits win over the configured bandwidth; one limiter of each per execution
        Limits limits = policy.limits() == null ? new Limits(null, null) : policy.limits();
        long bytesPerSecond = limits.bytesPerSecond() != null ? limits.bytesPerSecond()
                : properties.bytesPerSecondFor(policy.name());
        return new ResolvedExecution(spec, registries.open(policy.source().registry()), bound,
                BandwidthLimiter.of("policy-" + policy.name(), bytesPerSecond), chartExecution,
                ParallelismLimiter.of(limits.parallelArtifacts()));
    }

    /** The policy's {@code paths} of a destination as the engine's rule (any when absent). */
    private static PathRule paths(Destination destination) {
        return destination.paths() == null ? PathRule.ANY
                : new PathRule(destination.paths().require(), destination.paths().avoid());
    }
}
