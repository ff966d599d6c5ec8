package io.meridian.server.api.executions;

import io.meridian.policies.Policy;
import io.meridian.policies.StrictJson;
import io.meridian.server.api.policies.PolicyRepository;
import io.meridian.server.audit.AuditLog;
import io.meridian.server.problem.ApiProblem;
import io.meridian.server.replication.NodeId;
import io.meridian.sync.batch.ExecutionRepository;
import io.meridian.sync.batch.ReplicationLauncher;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Triggers and stops executions. A policy never runs twice at once: the database's unique
 * index on active executions per policy decides races between two triggers.
 */
@Service
public class ExecutionService {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionService.class);

    /** The outcome of a trigger: a new execution, or the one already running for the policy. */
    public record Triggered(UUID id, String status, boolean created) {
    }

    private final ExecutionRepository executions;
    private final PolicyRepository policies;
    private final ReplicationLauncher launcher;
    private final ExecutionQueries queries;
    /** The node that inserts an execution leases it and launches it here. */
    private final NodeId node;
    private final AuditLog audit;

    public ExecutionService(ExecutionRepository executions, PolicyRepository policies, ReplicationLauncher launcher,
                            ExecutionQueries queries, NodeId node, AuditLog audit) {
        this.audit = audit;
        this.executions = executions;
        this.policies = policies;
        this.node = node;
        this.launcher = launcher;
        this.queries = queries;
    }

    /** @param trigger {@code manual}, {@code schedule} or {@code event} */
    public Triggered trigger(String policy, String trigger) {
        return trigger(policy, trigger, null);
    }

    /**
     * Like {@link #trigger(String, String)}, but the execution's snapshot is the policy narrowed to
     * {@code scope} (push events name the repositories and tags that changed).
     *
     * @param scope null for the whole policy
     */
    public Triggered trigger(String policy, String trigger, ExecutionScope scope) {
        for (int attempt = 0; attempt < 3; attempt++) {
            UUID id = UUID.randomUUID();
            try {
                String snapshot = null;
                if (scope != null) {
                    Policy current = policies.find(policy).orElseThrow(() -> ApiProblem.notFound("policy", policy));
                    snapshot = StrictJson.write(scope.narrow(current));
                }
                if (!executions.create(new ExecutionRepository.NewExecution(id, policy, trigger, snapshot,
                        node.value()))) {
                    throw ApiProblem.notFound("policy", policy);
                }
                LOG.info("execution {} of policy {} queued ({}{})", id, policy, trigger,
                        scope == null ? "" : ", scoped to " + scope.summary());
                if (trigger.equals("manual")) {
                    // who ran what, when: schedules and push events are the policy's own doing (its audit)
                    audit.record("execution.trigger", policy, null, Map.of("id", id.toString(), "policy", policy,
                            "trigger", trigger, "status", "QUEUED"));
                }
                launcher.launch(id);
                return new Triggered(id, "QUEUED", true);
            } catch (DuplicateKeyException e) {
                List<ExecutionRepository.Active> active = executions.active(policy);
                if (!active.isEmpty()) {
                    return new Triggered(active.get(0).id(), active.get(0).status().name(), false);
                }
                // it finished between our insert and our look-up: try again
            }
        }
        throw new IllegalStateException("could not trigger policy " + policy + ": it keeps starting and finishing");
    }

    /**
     * Asks an execution to stop; idempotent while it is stopping. The STOPPING flag is the whole
     * signal: the job (on whichever node runs it) reads it between chunks and while planning, and
     * ends STOPPED.
     */
    public ExecutionView stop(UUID id) {
        Optional<ExecutionView> before = queries.find(id);
        boolean changed = executions.requestStop(id);
        ExecutionView view = queries.find(id).orElseThrow(() -> ApiProblem.notFound("execution", id.toString()));
        if (!changed && !view.status().equals("STOPPING")) {
            throw ApiProblem.conflict("status", "execution " + id + " is " + view.status()
                    + "; only QUEUED or RUNNING executions can be stopped");
        }
        ExecutionView after = queries.find(id).orElse(view);
        if (changed) {
            audit.record("execution.stop", id.toString(),
                    before.map(v -> Map.of("id", id.toString(), "policy", v.policy(), "status", v.status())).orElse(null),
                    Map.of("id", id.toString(), "policy", after.policy(), "status", after.status()));
        }
        return after;
    }
}
