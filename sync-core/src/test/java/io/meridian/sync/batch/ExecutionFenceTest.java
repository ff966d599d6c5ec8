package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.meridian.db.testing.TestDatabase;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.PlannedTask;
import io.meridian.sync.plan.TaskState;
import io.meridian.sync.transfer.LeaseLostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The fencing token on real PostgreSQL: every state write of an execution's engine is conditional on the lease
 * epoch it was started with; once another node took the execution over (a new epoch), the stale engine writes
 * nothing — task states, planned tasks, routes, preheats, byte counters, the final status — and its stop signal
 * and tag gate say so. A takeover cannot slip between a write's check and its commit.
 */
class ExecutionFenceTest {

    private static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));
    private static TestDatabase db;
    private static HikariDataSource pool;
    private static JdbcTemplate jdbc;
    private static ExecutionRepository executions;
    private static TaskRepository tasks;
    private static long registryId;

    @BeforeAll
    static void open() {
        db = TestDatabase.create();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(6);
        pool = new HikariDataSource(config);
        jdbc = new JdbcTemplate(pool);
        executions = new ExecutionRepository(pool);
        tasks = new TaskRepository(pool);
        jdbc.update("INSERT INTO regions (name) VALUES ('fence')");
        registryId = jdbc.queryForObject("INSERT INTO registries (name, region_id, url) SELECT 'fence-dst', id,"
                + " 'http://127.0.0.1:1' FROM regions WHERE name = 'fence' RETURNING id", Long.class);
    }

    @AfterAll
    static void close() {
        pool.close();
        db.close();
    }

    private static ExecutionFence fence() {
        return new ExecutionFence(executions, new TransactionTemplate(new JdbcTransactionManager(pool)));
    }

    /** A RUNNING execution claimed by {@code node} (epoch 1) with one PENDING task. */
    private static ExecutionLease running(String node) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO executions (id, policy_name, status, trigger, owner_node, heartbeat_at, awaiting_slot)
                VALUES (?, ?, 'RUNNING', 'manual', 'nobody', now() - interval '1 hour', false)""", id, "fence-" + id);
        tasks.insert(id, List.of(planned("t0")));
        return claim(id, node);
    }

    /** Takes the execution over as {@code node} (its lease made stale first), as ExecutionRecovery does. */
    private static ExecutionLease claim(UUID id, String node) {
        jdbc.update("UPDATE executions SET heartbeat_at = now() - interval '1 hour' WHERE id = ?", id);
        return executions.claimStale(node, Duration.ofSeconds(1), null).stream()
                .filter(l -> l.executionId().equals(id)).findFirst().orElseThrow();
    }

    private static PlannedTask planned(String tag) {
        return new PlannedTask(RepositoryName.parse("team/app"), Reference.tag(tag), null, DIGEST, null, registryId,
                RepositoryName.parse("team/app"), TaskState.PENDING, null, null);
    }

    private static TaskRow task(UUID id) {
        long taskId = jdbc.queryForObject("SELECT min(id) FROM tasks WHERE execution_id = ?", Long.class, id);
        return new TaskRow(taskId, RepositoryName.parse("team/app"), Reference.tag("t0"), DIGEST, registryId,
                RepositoryName.parse("team/app"), TaskState.PENDING);
    }

    /** The transfer step's writer records {@code row} COPIED under {@code fence}. */
    private static void writeCopied(ExecutionFence fence, UUID id, TaskRow row) {
        new TransferWriter(id, registryId, tasks, executions, new BlobLocationRepository(pool), fence)
                .write(Chunk.of(new ArtifactOutcome(null, List.of(new TaskOutcome(row, TaskState.COPIED, null, null)))));
    }

    private static String state(UUID id) {
        return jdbc.queryForObject("SELECT string_agg(state, ',' ORDER BY id) FROM tasks WHERE execution_id = ?",
                String.class, id);
    }

    @Test
    void everyClaimIsANewEpoch() {
        ExecutionLease a = running("node-a");
        ExecutionLease b = claim(a.executionId(), "node-b");
        ExecutionLease c = claim(a.executionId(), "node-a");
        assertThat(List.of(a.epoch(), b.epoch(), c.epoch())).containsExactly(1L, 2L, 3L);
        assertThat(executions.reclaim(a.executionId(), "node-b")).as("node-b holds it no more").isEmpty();
        assertThat(executions.reclaim(a.executionId(), "node-a")).map(ExecutionLease::epoch).contains(4L);
    }

    @Test
    void admissionIsANewEpoch() {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO executions (id, policy_name, status, trigger, owner_node, heartbeat_at, awaiting_slot,
                                        lease_epoch) VALUES (?, ?, 'QUEUED', 'manual', 'x', now(), true, 7)""",
                id, "fence-" + id);
        assertThat(executions.admit(id, "node-q")).contains(new ExecutionLease(id, 8));
        assertThat(executions.admit(id, "node-r")).as("admitted once").isEmpty();
    }

    @Test
    void theHolderWritesEveryStateRow() {
        ExecutionLease lease = running("node-a");
        UUID id = lease.executionId();
        ExecutionFence fence = fence();
        fence.hold(lease);

        writeCopied(fence, id, task(id));
        JdbcTaskSink sink = new JdbcTaskSink(tasks, fence, id, 10);
        sink.accept(planned("t1"));
        sink.flush();
        assertThat(fence.write(id, () -> executions.addBytes(id, Map.of(registryId, new long[] {5, 7})))).isTrue();
        ExecutionStatus status = new ExecutionFinalizer(executions, tasks, fence).finish(id, false, null);

        // t1 was planned but never run: the finalizer fails it as NOT_RUN (ExecutionFinalizerTest)
        assertThat(state(id)).isEqualTo("COPIED,FAILED");
        assertThat(status).isEqualTo(ExecutionStatus.PARTIAL);
        assertThat(jdbc.queryForObject("SELECT status FROM executions WHERE id = ?", String.class, id))
                .isEqualTo("PARTIAL");
        assertThat(executions.bytes(id)).containsExactly(5L, 7L);
        assertThat(fence.lost(id)).isFalse();
    }

    @Test
    void aNodeThatLostTheLeaseWritesNothingAndStops() {
        ExecutionLease mine = running("node-a");
        UUID id = mine.executionId();
        ExecutionFence fence = fence();
        fence.hold(mine);
        StopSignals signals = new StopSignals(executions, fence);
        assertThat(signals.of(id).getAsBoolean()).as("running, held").isFalse();
        assertThat(fence.verify(id)).isTrue();

        claim(id, "node-b"); // node-a was paused past its lease; node-b took over (epoch 2)

        TaskRow row = task(id);
        writeCopied(fence, id, row);
        assertThat(state(id)).as("the task node-b now owns").isEqualTo("PENDING");
        assertThat(fence.lost(id)).isTrue();

        JdbcTaskSink sink = new JdbcTaskSink(tasks, fence, id, 1);
        sink.accept(planned("t9"));
        sink.flush();
        new RouteWriter(id, tasks.pathWriter(), fence).write(Chunk.of(new RoutedTask(row.id(),
                new io.meridian.sync.route.Route.Direct("src", "dst", "direct", 0))));
        new PreheatWriter(id, new PreheatRepository(pool), fence).write(Chunk.of(
                new PreheatOutcome(row.id(), List.of())));
        AtomicBoolean ran = new AtomicBoolean();
        assertThat(fence.write(id, () -> ran.set(true))).isFalse();
        ExecutionStatus status = new ExecutionFinalizer(executions, tasks, fence).finish(id, true, null);

        assertThat(ran).isFalse();
        assertThat(status).as("nothing finalized").isNull();
        assertThat(jdbc.queryForMap("SELECT status, finished_at, owner_node, lease_epoch FROM executions WHERE id = ?",
                id)).containsEntry("status", "RUNNING").containsEntry("finished_at", null)
                .containsEntry("owner_node", "node-b").containsEntry("lease_epoch", 2L);
        assertThat(jdbc.queryForList("SELECT reference, state, path::text, preheat::text FROM tasks"
                + " WHERE execution_id = ?", id)).singleElement().satisfies(t -> {
                    assertThat(t).containsEntry("reference", "t0").containsEntry("state", "PENDING")
                            .containsEntry("path", null).containsEntry("preheat", null);
                });
        assertThat(signals.of(id).getAsBoolean()).as("the stale engine's stop signal").isTrue();
        assertThat(fence.verify(id)).isFalse();
        assertThatThrownBy(() -> fence.tagGate(id).beforeTag("tag t0 at dst/team/app"))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("held by node node-b");
    }

    /**
     * FencingIT's find: a partition thread outlived its job (Spring's handler returned on another partition's
     * failure), the job ended and was forgotten here, and the straggler's write then adopted the epoch the row held
     * by then — the new holder's — and went through. A write that outlives its job is checked against the epoch
     * that job ran with.
     */
    @Test
    void aWriteThatOutlivesItsJobIsCheckedAgainstTheEpochItRanWith() {
        ExecutionLease mine = running("node-a");
        UUID id = mine.executionId();
        ExecutionFence fence = fence();
        fence.hold(mine);
        claim(id, "node-b");
        fence.forget(id); // the job ended on node-a; one of its threads still runs

        TaskRow row = task(id);
        writeCopied(fence, id, row);
        AtomicBoolean ran = new AtomicBoolean();
        assertThat(fence.write(id, () -> ran.set(true))).isFalse();

        assertThat(ran).isFalse();
        assertThat(state(id)).as("the task node-b now owns").isEqualTo("PENDING");
        assertThat(fence.running()).doesNotContain(id);
        // an execution this process never ran still adopts the row's epoch (an embedding that starts jobs itself)
        UUID other = running("node-c").executionId();
        assertThat(fence.write(other, () -> ran.set(true))).isTrue();
        assertThat(ran).isTrue();
    }

    @Test
    void theStopSignalNoticesATakeoverWithoutAWrite() throws Exception {
        ExecutionLease mine = running("node-a");
        ExecutionFence fence = fence();
        fence.hold(mine);
        StopSignal signal = new StopSignals(executions, fence).of(mine.executionId());
        assertThat(signal.getAsBoolean()).isFalse();
        claim(mine.executionId(), "node-b");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!signal.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the signal reads the row again within ¼ s").isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(fence.lost(mine.executionId())).isTrue();
    }

    @Test
    void aTakeoverCannotSlipBetweenAWritesCheckAndItsCommit() throws Exception {
        ExecutionLease mine = running("node-a");
        UUID id = mine.executionId();
        ExecutionFence fence = fence();
        fence.hold(mine);
        jdbc.update("UPDATE executions SET heartbeat_at = now() - interval '1 hour' WHERE id = ?", id);
        CountDownLatch checked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> write = CompletableFuture.supplyAsync(() -> fence.write(id, () -> {
            jdbc.update("UPDATE tasks SET state = 'COPIED' WHERE execution_id = ?", id);
            checked.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(checked.await(60, TimeUnit.SECONDS)).isTrue();
            // the writer holds the row share-locked: a takeover skips it this time, it does not overtake the write
            assertThat(executions.claimStale("node-b", Duration.ofSeconds(1), null)).extracting(ExecutionLease::executionId)
                    .doesNotContain(id);
        } finally {
            release.countDown();
        }
        assertThat(write.get(60, TimeUnit.SECONDS)).isTrue();
        ExecutionLease b = claim(id, "node-b");
        assertThat(b.epoch()).isEqualTo(2);
        assertThat(state(id)).isEqualTo("COPIED");
        assertThat(fence.write(id, () -> jdbc.update("UPDATE tasks SET state = 'FAILED' WHERE execution_id = ?", id)))
                .isFalse();
        assertThat(state(id)).isEqualTo("COPIED");
    }
}
