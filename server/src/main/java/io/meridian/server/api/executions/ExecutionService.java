package io.meridian.server.api.executions;

import io.meridian.policies.StrictJson;
import io.meridian.server.problem.ApiProblem;
import io.meridian.server.replication.NodeId;
import io.meridian.sync.batch.ReplicationLauncher;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
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

    private final JdbcTemplate jdbc;
    private final ReplicationLauncher launcher;
    private final ExecutionQueries queries;
    /** The node that inserts an execution leases it and launches it here. */
    private final NodeId node;

    public ExecutionService(DataSource dataSource, ReplicationLauncher launcher, ExecutionQueries queries,
                            NodeId node) {
        this.jdbc = new JdbcTemplate(dataSource);
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
                int inserted = scope == null ? jdbc.update("""
                        INSERT INTO executions (id, policy_id, policy_name, status, trigger, policy_snapshot,
                                                owner_node, heartbeat_at, policy_version)
                        SELECT ?, id, name, 'QUEUED', ?, definition, ?, now(), version FROM policies WHERE name = ?""",
                        id, trigger, node.value(), policy) : insertScoped(id, policy, trigger, scope);
                if (inserted == 0) {
                    throw ApiProblem.notFound("policy", policy);
                }
                LOG.info("execution {} of policy {} queued ({}{})", id, policy, trigger,
                        scope == null ? "" : ", scoped to " + scope.summary());
                launcher.launch(id);
                return new Triggered(id, "QUEUED", true);
            } catch (DuplicateKeyException e) {
                List<Triggered> active = jdbc.query("""
                        SELECT id, status FROM executions
                         WHERE policy_name = ? AND status IN ('QUEUED', 'RUNNING', 'STOPPING')""",
                        (rs, i) -> new Triggered(rs.getObject(1, UUID.class), rs.getString(2), false), policy);
                if (!active.isEmpty()) {
                    return active.get(0);
                }
                // it finished between our insert and our look-up: try again
            }
        }
        throw new IllegalStateException("could not trigger policy " + policy + ": it keeps starting and finishing");
    }

    private int insertScoped(UUID id, String policy, String trigger, ExecutionScope scope) {
        record Current(String definition, int version) {
        }
        List<Current> definitions = jdbc.query("SELECT definition::text, version FROM policies WHERE name = ?",
                (rs, i) -> new Current(rs.getString(1), rs.getInt(2)), policy);
        if (definitions.isEmpty()) {
            return 0;
        }
        String snapshot = StrictJson.write(scope.narrow(StrictJson.readPolicy(definitions.get(0).definition())));
        // policy_version (issue 14): the version the snapshot was narrowed from
        return jdbc.update("""
                INSERT INTO executions (id, policy_id, policy_name, status, trigger, policy_snapshot,
                                        owner_node, heartbeat_at, policy_version)
                SELECT ?, id, name, 'QUEUED', ?, CAST(? AS jsonb), ?, now(), ? FROM policies WHERE name = ?""",
                id, trigger, snapshot, node.value(), definitions.get(0).version(), policy);
    }

    /**
     * Asks an execution to stop; idempotent while it is stopping. The STOPPING flag is the whole
     * signal: the job (on whichever node runs it) reads it before each wave and ends STOPPED.
     */
    public ExecutionView stop(UUID id) {
        int changed = jdbc.update("""
                UPDATE executions SET status = 'STOPPING' WHERE id = ? AND status IN ('QUEUED', 'RUNNING')""", id);
        ExecutionView view = queries.find(id).orElseThrow(() -> ApiProblem.notFound("execution", id.toString()));
        if (changed == 0 && !view.status().equals("STOPPING")) {
            throw ApiProblem.conflict("status", "execution " + id + " is " + view.status()
                    + "; only QUEUED or RUNNING executions can be stopped");
        }
        return queries.find(id).orElse(view);
    }
}
