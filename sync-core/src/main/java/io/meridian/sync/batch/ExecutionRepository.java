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
    /** The advisory lock key of queue decisions ("meridianQ"). */
    private static final long QUEUE_LOCK = 0x6d6572696469616eL ^ 'Q';

    private final JdbcTemplate jdbc;

    public ExecutionRepository(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * Inserts a QUEUED execution with its policy snapshot and the policy's current version number
     * ({@code policy_version}, issue 14), in one statement with the policy's look-up; false when no policy has that name. {@link org.springframework.dao.DuplicateKeyException}
     * when the policy already has an active execution (the unique index decides races between triggers).
     * It awaits its registries' execution slots ({@link #admit}) before it is launched.
     */
    public boolean create(NewExecution e) {
        return jdbc.update("""
                INSERT INTO executions (id, policy_id, policy_name, status, trigger, policy_snapshot,
                                        owner_node, heartbeat_at, policy_version, awaiting_slot)
                SELECT ?, id, name, 'QUEUED', ?, coalesce(CAST(? AS jsonb), definition), ?, now(), version, true
                  FROM policies WHERE name = ?""",
                e.id(), e.trigger(), e.policySnapshot(), e.ownerNode(), e.policyName()) == 1;
    }

    /**
     * Inserts a WAITING run of the whole policy, queued behind its active execution; false when no policy has
     * that name. {@link org.springframework.dao.DuplicateKeyException} when one is already waiting (later
     * triggers coalesce into it). A scope is not kept: the waiting run stands for every trigger it absorbs.
     */
    public boolean createWaiting(NewExecution e) {
        return jdbc.update("""
                INSERT INTO executions (id, policy_id, policy_name, status, trigger, policy_snapshot,
                                        owner_node, heartbeat_at, policy_version)
                SELECT ?, id, name, 'WAITING', ?, definition, ?, now(), version FROM policies WHERE name = ?""",
                e.id(), e.trigger(), e.ownerNode(), e.policyName()) == 1;
    }

    /** The run waiting behind the policy's active execution, if any. */
    public Optional<UUID> waiting(String policyName) {
        return jdbc.queryForList("SELECT id FROM executions WHERE policy_name = ? AND status = 'WAITING'", UUID.class,
                policyName).stream().findFirst();
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

    /**
     * QUEUED/RUNNING → STOPPING; a WAITING run, which never started, ends STOPPED at once (it holds no
     * work and no lease). False when the execution was in another state.
     */
    public boolean requestStop(UUID id) {
        return jdbc.update("UPDATE executions SET status = 'STOPPING' WHERE id = ? AND status IN ('QUEUED', 'RUNNING')",
                id) == 1
                || jdbc.update("UPDATE executions SET status = 'STOPPED', finished_at = now() WHERE id = ? AND status = 'WAITING'",
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

    // ---- the queue: WAITING runs and QUEUED executions awaiting their registries' slots ----

    /**
     * A QUEUED execution not yet admitted, or an admitted active one holding slots.
     *
     * @param registries the registry names it reads or writes (source first), from its policy snapshot
     */
    public record SlotUser(UUID id, int priority, List<String> registries) {
    }

    private static final String SLOT_USER = """
            SELECT id, coalesce((policy_snapshot->>'priority')::int, 0) AS priority,
                   array_prepend(policy_snapshot->'source'->>'registry',
                       ARRAY(SELECT d->>'registry' FROM jsonb_array_elements(policy_snapshot->'destinations') d))
                       AS registries
              FROM executions""";

    /**
     * Serialises queue decisions across every process sharing the database, until the caller's
     * transaction ends (a transaction-scoped advisory lock: no row to contend on, nothing left held by a crash).
     */
    public void lockQueue() {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)", Object.class, QUEUE_LOCK);
    }

    /** Executions awaiting their slots, higher priority first, then oldest first. */
    public List<SlotUser> awaitingSlots() {
        return jdbc.query(SLOT_USER + " WHERE awaiting_slot AND status = 'QUEUED' ORDER BY priority DESC, created_at, id",
                (rs, i) -> slotUser(rs));
    }

    /** Admitted executions that still hold their slots (queued for launch, running or stopping). */
    public List<SlotUser> holdingSlots() {
        return jdbc.query(SLOT_USER + " WHERE NOT awaiting_slot AND " + ACTIVE, (rs, i) -> slotUser(rs));
    }

    private static SlotUser slotUser(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new SlotUser(rs.getObject("id", UUID.class), rs.getInt("priority"),
                java.util.Arrays.asList((String[]) rs.getArray("registries").getArray()));
    }

    /**
     * Gives an awaiting execution its slots and makes {@code node} its owner (the node that launches it), with a
     * new lease epoch; empty when it was not awaiting any more.
     */
    public Optional<ExecutionLease> admit(UUID id, String node) {
        return jdbc.query("""
                UPDATE executions SET awaiting_slot = false, owner_node = ?, heartbeat_at = now(),
                       lease_epoch = lease_epoch + 1
                 WHERE id = ? AND awaiting_slot AND status = 'QUEUED'
                RETURNING id, lease_epoch""", ExecutionRepository::lease, node, id).stream().findFirst();
    }

    /** Executions stopped while awaiting their slots: they never launched, so the queue ends them. */
    public List<UUID> stoppedAwaitingSlots() {
        return jdbc.queryForList("SELECT id FROM executions WHERE awaiting_slot AND status = 'STOPPING'", UUID.class);
    }

    /**
     * Every WAITING run whose policy has no active execution any more becomes QUEUED (awaiting slots),
     * with the policy as it is now (its snapshot and version are refreshed: the run stands for
     * the triggers it absorbed, so it runs the current definition). The unique index on active
     * executions decides a race with a trigger: then nothing is promoted this time
     * ({@link org.springframework.dao.DuplicateKeyException}), and the next pass tries again.
     */
    public List<UUID> promoteWaiting() {
        return jdbc.queryForList("""
                UPDATE executions w SET status = 'QUEUED', awaiting_slot = true, heartbeat_at = now(),
                       policy_snapshot = coalesce(p.definition, w.policy_snapshot),
                       policy_version = coalesce(p.version, w.policy_version)
                  FROM executions w2 LEFT JOIN policies p ON p.name = w2.policy_name
                 WHERE w.id = w2.id AND w.status = 'WAITING'
                   AND NOT EXISTS (SELECT 1 FROM executions a WHERE a.policy_name = w.policy_name AND a.%s)
                RETURNING w.id""".formatted(ACTIVE), UUID.class);
    }

    // ---- leases: executions.owner_node / heartbeat_at, times from the database's clock ----

    /** The database's clock. */
    public OffsetDateTime now() {
        return jdbc.queryForObject("SELECT now()", OffsetDateTime.class);
    }

    /**
     * Renews the leases {@code node} holds; returns the admitted active executions it holds (not those awaiting
     * slots), so the caller can find its orphans without another query.
     */
    public List<UUID> renewLeases(String node) {
        return jdbc.queryForList("UPDATE executions SET heartbeat_at = now() WHERE owner_node = ? AND " + ACTIVE
                + " RETURNING CASE WHEN NOT awaiting_slot THEN id END", UUID.class, node).stream()
                .filter(java.util.Objects::nonNull).toList();
    }

    /**
     * Gives {@code node} the active executions whose lease is older than {@code timeout} (never
     * renewed: counted from creation), and with {@code ownSince} also its own renewed before that
     * instant. One conditional UPDATE over rows locked with SKIP LOCKED: two nodes never claim the same.
     * An execution still awaiting its registry slots is nobody's to resume: any node's queue admits it.
     */
    public List<ExecutionLease> claimStale(String node, Duration timeout, OffsetDateTime ownSince) {
        return jdbc.query("""
                UPDATE executions e SET owner_node = ?, heartbeat_at = now(), lease_epoch = e.lease_epoch + 1
                  FROM (SELECT id FROM executions
                         WHERE %s AND NOT awaiting_slot
                           AND (coalesce(heartbeat_at, created_at) < now() - make_interval(secs => ?)
                                OR (owner_node = ? AND coalesce(heartbeat_at, created_at) < ?))
                         ORDER BY created_at
                         FOR UPDATE SKIP LOCKED) stale
                 WHERE e.id = stale.id
                RETURNING e.id, e.lease_epoch""".formatted(ACTIVE),
                ExecutionRepository::lease, node, timeout.toMillis() / 1000.0, node,
                ownSince == null ? NEVER : ownSince);
    }

    /** Gives {@code node} a new epoch of an active execution it holds (to run its job again); empty otherwise. */
    public Optional<ExecutionLease> reclaim(UUID id, String node) {
        return jdbc.query("""
                UPDATE executions SET heartbeat_at = now(), lease_epoch = lease_epoch + 1
                 WHERE id = ? AND owner_node = ? AND NOT awaiting_slot AND %s
                RETURNING id, lease_epoch""".formatted(ACTIVE), ExecutionRepository::lease, id, node)
                .stream().findFirst();
    }

    // ---- fencing: executions.lease_epoch ----

    /** Who holds an execution's lease: its owner node and the lease epoch. */
    public record Holder(String node, long epoch) {
    }

    /** The execution's status and lease holder, read together (the stop signal's one read). */
    record Control(ExecutionStatus status, Holder holder) {
    }

    /**
     * The execution's lease holder, the row share-locked until the caller's transaction ends: a takeover (an
     * UPDATE of the row) waits for the caller's writes to commit, or skips the row this time. Empty: no such row.
     */
    Optional<Holder> lockHolder(UUID id) {
        return jdbc.query("SELECT owner_node, lease_epoch FROM executions WHERE id = ? FOR SHARE",
                (rs, i) -> new Holder(rs.getString(1), rs.getLong(2)), id).stream().findFirst();
    }

    /** The execution's lease holder, without a lock. */
    Optional<Holder> holder(UUID id) {
        return jdbc.query("SELECT owner_node, lease_epoch FROM executions WHERE id = ?",
                (rs, i) -> new Holder(rs.getString(1), rs.getLong(2)), id).stream().findFirst();
    }

    Optional<Control> control(UUID id) {
        return jdbc.query("SELECT status, owner_node, lease_epoch FROM executions WHERE id = ?",
                (rs, i) -> new Control(ExecutionStatus.valueOf(rs.getString(1)),
                        new Holder(rs.getString(2), rs.getLong(3))), id).stream().findFirst();
    }

    private static ExecutionLease lease(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ExecutionLease(rs.getObject(1, UUID.class), rs.getLong(2));
    }
}
