package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import io.meridian.sync.batch.ExecutionLease;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several nodes on one real database: a live node's execution is never resumed by another
 * node, a dead node's execution is taken over exactly once, and a restarted node resumes its
 * own at once. Short leases (1 s, renewed every 100 ms) keep it quick.
 */
class ExecutionLeasesTest {

    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final Duration BEAT = Duration.ofMillis(100);
    private static TestDatabase db;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void database() {
        db = TestDatabase.create();
        jdbc = new JdbcTemplate(db.dataSource());
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    private static UUID execution(String status, String owner) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO executions (id, policy_name, status, trigger, owner_node, heartbeat_at)
                VALUES (?, ?, ?, 'manual', ?, now())""", id, "p-" + id, status, owner);
        return id;
    }

    private static ExecutionLeases leases(String node) {
        return new ExecutionLeases(db.dataSource(), new NodeId(node), LEASE);
    }

    private static String owner(UUID id) {
        return jdbc.queryForObject("SELECT owner_node FROM executions WHERE id = ?", String.class, id);
    }

    /** Executions whose jobs "run" on every node of these tests: none of them is an orphan. */
    private static final Set<UUID> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A node whose every held execution has its job running (no orphans). */
    private static java.util.function.Supplier<Set<UUID>> runsAll(String node) {
        return () -> RUNNING;
    }

    private static OffsetDateTime heartbeat(UUID id) {
        return jdbc.queryForObject("SELECT heartbeat_at FROM executions WHERE id = ?", OffsetDateTime.class, id);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    @Test
    void liveNodesExecutionIsNeverResumedByAnotherNodeButADeadOnesIsTakenOverOnce() {
        List<UUID> resumedByA = new CopyOnWriteArrayList<>();
        List<UUID> resumedByB = new CopyOnWriteArrayList<>();
        List<UUID> resumedByC = new CopyOnWriteArrayList<>();
        ExecutionRecovery a = new ExecutionRecovery(leases("node-a"), l -> resumedByA.add(l.executionId()),
                runsAll("node-a"), BEAT, true);
        ExecutionRecovery b = new ExecutionRecovery(leases("node-b"), l -> resumedByB.add(l.executionId()),
                runsAll("node-b"), BEAT, true);
        ExecutionRecovery c = new ExecutionRecovery(leases("node-c"), l -> resumedByC.add(l.executionId()),
                runsAll("node-c"), BEAT, true);
        // node-a's process started before it leased the execution: not a previous life of node-a
        UUID running = execution("RUNNING", "node-a");
        RUNNING.add(running);
        OffsetDateTime inserted = heartbeat(running);
        try {
            b.run(null);
            c.run(null);
            a.run(null);
            // node-a keeps renewing well past three lease timeouts: nobody else may touch it
            await("node-a renewing its lease past 3 timeouts", Duration.ofSeconds(20),
                    () -> heartbeat(running).isAfter(inserted.plus(LEASE.multipliedBy(3))));
            assertThat(owner(running)).isEqualTo("node-a");
            assertThat(resumedByB).isEmpty();
            assertThat(resumedByC).isEmpty();

            a.close(); // node-a dies: its lease goes stale
            await("a surviving node taking the execution over", Duration.ofSeconds(20),
                    () -> !"node-a".equals(owner(running)));
            String newOwner = owner(running);
            OffsetDateTime claimed = heartbeat(running);
            // the new owner renews; the other live node must never claim it as well
            await("the new owner renewing past 3 timeouts", Duration.ofSeconds(20),
                    () -> heartbeat(running).isAfter(claimed.plus(LEASE.multipliedBy(3))));
            List<UUID> all = new ArrayList<>(resumedByB);
            all.addAll(resumedByC);
            assertThat(all).as("resumed by node-b and node-c together").containsExactly(running);
            assertThat(newOwner.equals("node-b") ? resumedByB : resumedByC).containsExactly(running);
            assertThat(resumedByA).isEmpty();
        } finally {
            a.close();
            b.close();
            c.close();
            jdbc.update("UPDATE executions SET status = 'FAILED' WHERE id = ?", running);
        }
    }

    @Test
    void restartedNodeResumesItsOwnExecutionsAtOnceAndOthersLeaveThemAlone() {
        UUID queued = execution("QUEUED", "node-r");
        UUID others = execution("RUNNING", "node-s");
        UUID finished = execution("SUCCEEDED", "node-r");
        List<UUID> resumed = new CopyOnWriteArrayList<>();
        List<UUID> resumedByOther = new CopyOnWriteArrayList<>();
        // the new process of node-r starts after its previous life renewed the lease
        ExecutionRecovery restarted = new ExecutionRecovery(leases("node-r"), l -> resumed.add(l.executionId()),
                runsAll("node-r"), Duration.ofHours(1), true);
        ExecutionRecovery other = new ExecutionRecovery(leases("node-t"), l -> resumedByOther.add(l.executionId()),
                runsAll("node-t"), Duration.ofHours(1),
                true);
        try {
            other.run(null);
            restarted.run(null);
            assertThat(resumed).containsExactly(queued);
            assertThat(resumedByOther).isEmpty();
            assertThat(owner(others)).isEqualTo("node-s");
            assertThat(owner(finished)).isEqualTo("node-r");
        } finally {
            restarted.close();
            other.close();
            jdbc.update("UPDATE executions SET status = 'FAILED' WHERE id IN (?, ?)", queued, others);
        }
    }

    @Test
    void manyNodesRacingForOneStaleExecutionClaimItOnce() throws Exception {
        UUID stale = execution("RUNNING", "node-dead");
        jdbc.update("UPDATE executions SET heartbeat_at = now() - interval '1 hour' WHERE id = ?", stale);
        int nodes = 8;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<UUID>>> claims = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                // a long timeout: a claim made a moment ago is not stale again, however loaded the machine
                ExecutionLeases leases = new ExecutionLeases(db.dataSource(), new NodeId("racer-" + i),
                        Duration.ofMinutes(5));
                claims.add(pool.submit(() -> {
                    go.await();
                    return leases.claimStale(null).stream().map(ExecutionLease::executionId).toList();
                }));
            }
            go.countDown();
            List<UUID> all = new ArrayList<>();
            for (Future<List<UUID>> claim : claims) {
                all.addAll(claim.get());
            }
            assertThat(all).containsExactly(stale);
            assertThat(owner(stale)).startsWith("racer-");
        } finally {
            pool.shutdownNow();
            jdbc.update("UPDATE executions SET status = 'FAILED' WHERE id = ?", stale);
        }
    }

    @Test
    void anExecutionThisNodeHoldsButNoLongerRunsIsResumedOnceUnderANewEpoch() {
        List<ExecutionLease> resumed = new CopyOnWriteArrayList<>();
        Set<UUID> jobs = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ExecutionRecovery node = new ExecutionRecovery(leases("node-o"), resumed::add, () -> jobs, BEAT, true);
        try {
            node.run(null);
            UUID running = execution("RUNNING", "node-o");
            UUID orphan = execution("RUNNING", "node-o");
            jobs.add(running);
            await("node-o resuming the execution whose job ended without a final status", Duration.ofSeconds(20),
                    () -> !resumed.isEmpty());
            // a few more beats: it is resumed once (the resume is a job again), the running one never
            jobs.add(orphan);
            OffsetDateTime after = heartbeat(orphan);
            await("node-o renewing on", Duration.ofSeconds(20), () -> heartbeat(orphan).isAfter(after.plus(LEASE)));
            assertThat(resumed).containsExactly(new ExecutionLease(orphan, 1));
            assertThat(jdbc.queryForObject("SELECT lease_epoch FROM executions WHERE id = ?", Long.class, running))
                    .isZero();
        } finally {
            node.close();
            jdbc.update("UPDATE executions SET status = 'FAILED' WHERE owner_node = 'node-o'");
        }
    }
}
