package io.meridian.server.replication;

import io.meridian.policies.Destination;
import io.meridian.policies.Policy;
import io.meridian.policies.PolicyEvaluator;
import io.meridian.policies.StrictJson;
import io.meridian.sync.batch.ExecutionResolver;
import io.meridian.sync.batch.ResolvedExecution;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.plan.PlanDestination;
import io.meridian.sync.plan.PlanSpec;
import io.meridian.sync.resilience.BandwidthLimiter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Binds an execution to the policy snapshot taken when it was triggered (so a restart after a
 * crash does the same work even if the policy was edited since) and to opened registries.
 */
public class PolicyExecutionResolver implements ExecutionResolver {

    private final JdbcTemplate jdbc;
    private final RegistryConnections registries;
    private final ReplicationProperties properties;

    public PolicyExecutionResolver(DataSource dataSource, RegistryConnections registries,
                                   ReplicationProperties properties) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.registries = registries;
        this.properties = properties;
    }

    @Override
    public ResolvedExecution resolve(UUID executionId) {
        String snapshot = jdbc.query("SELECT policy_snapshot::text FROM executions WHERE id = ?",
                        (rs, i) -> rs.getString(1), executionId)
                .stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("execution " + executionId + " does not exist"));
        if (snapshot == null) {
            throw new IllegalStateException("execution " + executionId + " has no policy snapshot");
        }
        Policy policy = StrictJson.readPolicy(snapshot);
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
        List<DestinationSpec> destinations = policy.destinations().stream()
                .map(PolicyExecutionResolver::destination).toList();
        // the policy selects from each repository's whole tag list (tags.latest) and adds its digests
        PlanSpec spec = new PlanSpec(policy.name(), policy.source().registry(), evaluator::matchesRepository,
                evaluator::matchesTag, destinations, policy.override(),
                PlanSpec.literalNames(policy.source().repositories()),
                evaluator::references);
        List<PlanDestination> bound = destinations.stream()
                .map(d -> new PlanDestination(registries.open(d.registry()), d)).toList();
        return new ResolvedExecution(spec, registries.open(policy.source().registry()), bound,
                BandwidthLimiter.of("policy-" + policy.name(), properties.bytesPerSecondFor(policy.name())));
    }

    private static DestinationSpec destination(Destination destination) {
        return new DestinationSpec(destination.registry(), Optional.ofNullable(destination.namespace()));
    }
}
