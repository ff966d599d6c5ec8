package io.meridian.sync.batch;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The owner of {@code executions} (and its per-registry byte counters): every write to the
 * table goes through here. The final status is written by {@link #finish}, which only
 * {@link ExecutionFinalizer} calls (package-private on purpose).
 */
public final class ExecutionRepository {

    /** The totals written when an execution finishes. */
    public record Summary(int total, int copied, int skipped, int failed, long blobsCopied, long blobsMounted,
                          long blobsSkipped, long bytesRead, long bytesWritten) {
        static final Summary NONE = new Summary(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * A new QUEUED execution of the policy named {@code policyName}, leased by {@code ownerNode}.
     *
     * @param policySnapshot the policy as JSON (e.g. narrowed to a push event's scope), or null for the
     *                       policy's stored definition as it is now
     */
    public record NewExecution(UUID id, String policyName, String trigger, String policySnapshot, String ownerNode) {
    }

    /** An active execution of a policy. */
    public record Active(UUID id, ExecutionStatus status) {
    }

    private static final OffsetDateTime NEVER = OffsetDateTime.parse("1970-01-01T00:00:00Z");
    private static final String ACTIVE = "status IN ('QUEUED', 'RUNNING', 'STOPPING')";

    private final JdbcTemplate jdbc;

    public ExecutionRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * Inserts a QUEUED execution with its policy snapshot and the policy's current version number
     * ({@code policy_version}, issue 14), in one statement with the policy's look-up; false when no policy has that name. {@link org.springframework.dao.DuplicateKeyException}
     * when the policy already has an active execution (the unique index decides races between triggers).
     */
    public boolean create(NewExecution e) {
        return jdbc.update("""
                INSERT INTO executions (id, policy_id, policy_name, status, trigger, policy_snapshot,
                                        owner_node, heartbeat_at, policy_version)
                SELECT ?, id, name, 'QUEUED', ?, coalesce(CAST(? AS jsonb), definition), ?, now(), version
                  FROM policies WHERE name = ?""",
                e.id(), e.trigger(), e.policySnapshot(), e.ownerNode(), e.policyName()) == 1;
    }

    public List<Active> active(String policyName) {
        return jdbc.query("SELECT id, status FROM executions WHERE policy_name = ? AND " + ACTIVE,
                (rs, i) -> new Active(rs.getObject(1, UUID.class), ExecutionStatus.valueOf(rs.getString(2))),
                policyName);
    }

    public Optional<ExecutionStatus> status(UUID id) {
        return jdbc.query("SELECT status FROM executions WHERE id = ?",
                        (rs, i) -> ExecutionStatus.valueOf(rs.getString(1)), id)
                .stream().findFirst();
    }

    /** The policy as it was when the execution was triggered (JSON); empty when there is none. */
    public Optional<String> policySnapshot(UUID id) {
        return jdbc.query("SELECT policy_snapshot::text FROM executions WHERE id = ?", (rs, i) ->
                Optional.ofNullable(rs.getString(1)), id).stream().findFirst().flatMap(s -> s);
    }

    /** QUEUED/RUNNING → STOPPING; false when the execution was in another state. */
    public boolean requestStop(UUID id) {
        return jdbc.update("UPDATE executions SET status = 'STOPPING' WHERE id = ? AND status IN ('QUEUED', 'RUNNING')",
                id) == 1;
    }

    /** QUEUED → RUNNING (or stays STOPPING) and remembers the Spring Batch job execution. */
    public void started(UUID id, long jobExecutionId) {
        jdbc.update("""
                UPDATE executions SET job_execution_id = ?, started_at = coalesce(started_at, now()),
                       status = CASE WHEN status = 'STOPPING' THEN 'STOPPING' ELSE 'RUNNING' END
                 WHERE id = ?""", jobExecutionId, id);
    }

    public boolean stopRequested(UUID id) {
        return status(id).filter(s -> s == ExecutionStatus.STOPPING || s == ExecutionStatus.STOPPED).isPresent();
    }

    /** The final status and summary: called by {@link ExecutionFinalizer} only. */
    void finish(UUID id, ExecutionStatus status, Summary s, String error) {
        jdbc.update("""
                UPDATE executions SET status = ?, finished_at = now(), artifacts_total = ?, artifacts_copied = ?,
                       artifacts_skipped = ?, artifacts_failed = ?, blobs_copied = ?, blobs_mounted = ?,
                       blobs_skipped = ?, bytes_read = ?, bytes_written = ?, error = ?
                 WHERE id = ?""",
                status.name(), s.total(), s.copied(), s.skipped(), s.failed(), s.blobsCopied(), s.blobsMounted(),
                s.blobsSkipped(), s.bytesRead(), s.bytesWritten(), error, id);
    }

    /** Adds bytes read/written per registry id ({@code [read, written]}), e.g. one chunk's. */
    void addBytes(UUID id, Map<Long, long[]> byRegistry) {
        List<Object[]> rows = byRegistry.entrySet().stream()
                .filter(e -> e.getValue()[0] != 0 || e.getValue()[1] != 0)
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new Object[] {id, e.getKey(), e.getValue()[0], e.getValue()[1]}).toList();
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO execution_registry_bytes (execution_id, registry_id, bytes_read, bytes_written)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (execution_id, registry_id) DO UPDATE
                       SET bytes_read = execution_registry_bytes.bytes_read + EXCLUDED.bytes_read,
                           bytes_written = execution_registry_bytes.bytes_written + EXCLUDED.bytes_written""",
                    rows);
        }
    }

    /** Adds bytes written per (destination registry id, endpoint name), for registries with several endpoints. */
    void addEndpointBytes(UUID id, Map<Long, Map<String, Long>> byEndpoint) {
        List<Object[]> rows = new java.util.ArrayList<>();
        byEndpoint.forEach((registry, endpoints) -> endpoints.forEach((endpoint, bytes) -> {
            if (bytes != 0) {
                rows.add(new Object[] {id, registry, endpoint, bytes});
            }
        }));
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO execution_endpoint_bytes (execution_id, registry_id, endpoint, bytes_written)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (execution_id, registry_id, endpoint) DO UPDATE
                       SET bytes_written = execution_endpoint_bytes.bytes_written + EXCLUDED.bytes_written""",
                    rows);
        }
    }

    /** Total bytes read and written by the execution so far ({@code [read, written]}). */
    long[] bytes(UUID id) {
        return jdbc.queryForObject("""
                SELECT coalesce(sum(bytes_read), 0), coalesce(sum(bytes_written), 0)
                  FROM execution_registry_bytes WHERE execution_id = ?""",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, id);
    }

    // ---- leases: executions.owner_node / heartbeat_at, times from the database's clock ----

    /** The database's clock. */
    public OffsetDateTime now() {
        return jdbc.queryForObject("SELECT now()", OffsetDateTime.class);
    }

    /** Renews the leases {@code node} holds; returns how many active executions it holds. */
    public int renewLeases(String node) {
        return jdbc.update("UPDATE executions SET heartbeat_at = now() WHERE owner_node = ? AND " + ACTIVE, node);
    }

    /**
     * Gives {@code node} the active executions whose lease is older than {@code timeout} (never
     * renewed: counted from creation), and with {@code ownSince} also its own renewed before that
     * instant. One conditional UPDATE over rows locked with SKIP LOCKED: two nodes never claim the same.
     */
    public List<UUID> claimStale(String node, Duration timeout, OffsetDateTime ownSince) {
        return jdbc.queryForList("""
                UPDATE executions e SET owner_node = ?, heartbeat_at = now()
                  FROM (SELECT id FROM executions
                         WHERE %s
                           AND (coalesce(heartbeat_at, created_at) < now() - make_interval(secs => ?)
                                OR (owner_node = ? AND coalesce(heartbeat_at, created_at) < ?))
                         ORDER BY created_at
                         FOR UPDATE SKIP LOCKED) stale
                 WHERE e.id = stale.id
                RETURNING e.id""".formatted(ACTIVE),
                UUID.class, node, timeout.toMillis() / 1000.0, node, ownSince == null ? NEVER : ownSince);
    }
}
