package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.meridian.db.testing.TestDatabase;
import io.meridian.server.api.executions.ExecutionQueries;
import io.meridian.server.api.executions.ExecutionService;
import io.meridian.server.api.policies.PolicyRepository;
import io.meridian.sync.batch.ExecutionFinalizer;
import io.meridian.sync.batch.ExecutionRepository;
import io.meridian.sync.batch.TaskRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two Meridian nodes on one real database, each with its own connection pool, services and queue (nothing shared
 * in the JVM but the database), triggering one policy 200 times at once between them: {@code skip} yields exactly one
 * execution, launched once; {@code queue} exactly one active and one WAITING run, and when the active one ends, both
 * nodes pumping at once launch the promoted run exactly once.
 */
class TwoNodeConcurrencyTest {

    private static final int TRIGGERS = 200;
    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private static final List<Node> NODES = new ArrayList<>();
    private static final List<UUID> LAUNCHED = new CopyOnWriteArrayList<>();

    /** One node: its own pool and objects, launches recorded instead of run. */
    record Node(HikariDataSource pool, ExecutionService service, ExecutionQueue queue, ExecutionRepository executions,
                ExecutionFinalizer finalizer) {
    }

    @BeforeAll
    static void nodes() {
        db = TestDatabase.create();
        jdbc = new JdbcTemplate(db.dataSource());
        jdbc.update("INSERT INTO regions (name) VALUES ('two')");
        jdbc.update("INSERT INTO registries (name, region_id, url) SELECT r, id, 'http://127.0.0.1:1' FROM regions,"
                + " (VALUES ('two-src'), ('two-dst')) v(r) WHERE name = 'two'");
        for (String name : List.of("node-a", "node-b")) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(db.jdbcUrl());
            config.setUsername(db.user());
            config.setPassword(db.password());
            config.setMaximumPoolSize(8);
            HikariDataSource pool = new HikariDataSource(config);
            ExecutionRepository executions = new ExecutionRepository(pool);
            ExecutionFinalizer finalizer = new ExecutionFinalizer(executions, new TaskRepository(pool));
            ExecutionQueue queue = new ExecutionQueue(executions, finalizer,
                    new TransactionTemplate(new JdbcTransactionManager(pool)),
                    new ReplicationProperties.Queue(0, Map.of(), Duration.ofMillis(500)), new NodeId(name), l -> LAUNCHED.add(l.executionId()));
            ExecutionService service = new ExecutionService(executions, new PolicyRepository(JdbcClient.create(pool)),
                    queue, new ExecutionQueries(pool), new NodeId(name),
                    new io.meridian.server.audit.AuditLog(JdbcClient.create(pool)));
            NODES.add(new Node(pool, service, queue, executions, finalizer));
        }
    }

    @AfterAll
    static void close() {
        NODES.forEach(n -> n.pool().close());
        db.close();
    }

    private static void policy(String name, String concurrency) {
        jdbc.update("INSERT INTO policies (name, definition) VALUES (?, CAST(? AS jsonb))", name,
                "{\"name\":\"" + name + "\",\"source\":{\"registry\":\"two-src\",\"repositories\":[\"a/**\"]},"
                        + "\"destinations\":[{\"registry\":\"two-dst\",\"namespace\":null}],\"override\":true,"
                        + "\"trigger\":{\"type\":\"manual\"},\"concurrency\":\"" + concurrency + "\"}");
    }

    @Test
    void skipStartsOneExecutionWhateverTheNode() throws Exception {
        policy("two-skip", "skip");
        List<ExecutionService.Triggered> answers = triggerFromBothNodes("two-skip");
        assertThat(answers.stream().map(ExecutionService.Triggered::id).distinct()).hasSize(1);
        assertThat(answers.stream().filter(ExecutionService.Triggered::created)).hasSize(1);
        assertThat(statuses("two-skip")).containsExactly("QUEUED");
        assertThat(LAUNCHED.stream().filter(answers.get(0).id()::equals)).as("launched once, by one node").hasSize(1);
    }

    @Test
    void queueKeepsOneWaitingRunAndEitherNodeStartsItOnce() throws Exception {
        policy("two-queue", "queue");
        List<ExecutionService.Triggered> answers = triggerFromBothNodes("two-queue");
        assertThat(answers.stream().map(ExecutionService.Triggered::id).distinct()).hasSize(2);
        assertThat(statuses("two-queue")).containsExactlyInAnyOrder("QUEUED", "WAITING");
        UUID active = answers.stream().filter(t -> t.created() && t.status().equals("QUEUED")).findFirst().orElseThrow().id();
        UUID waiting = answers.stream().filter(t -> t.status().equals("WAITING")).findFirst().orElseThrow().id();

        // the active one ends (as its job's finalize step would end it) and both nodes pump at the same instant
        NODES.get(0).finalizer().finish(active, false, null);
        CountDownLatch gate = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> pumps = new ArrayList<>();
            for (Node node : NODES) {
                pumps.add(threads.submit(() -> {
                    gate.await();
                    node.queue().pump();
                    return null;
                }));
            }
            gate.countDown();
            for (Future<?> f : pumps) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(LAUNCHED.stream().filter(waiting::equals)).as("the waiting run launched once, by one node").hasSize(1);
        assertThat(statuses("two-queue")).containsExactlyInAnyOrder("SUCCEEDED", "QUEUED");
        assertThat(jdbc.queryForObject("SELECT awaiting_slot FROM executions WHERE id = ?", Boolean.class, waiting))
                .isFalse();
    }

    @Test
    void aStoppedWaitingRunEndsAtOnceAndTheNextTriggerQueuesAnother() {
        policy("two-stop", "queue");
        ExecutionService a = NODES.get(0).service();
        ExecutionService b = NODES.get(1).service();
        UUID active = a.trigger("two-stop", "manual").id();
        ExecutionService.Triggered waiting = b.trigger("two-stop", "manual");
        assertThat(waiting.status()).isEqualTo("WAITING");
        assertThat(a.stop(waiting.id()).status()).isEqualTo("STOPPED");
        ExecutionService.Triggered again = a.trigger("two-stop", "schedule");
        assertThat(again.created()).isTrue();
        assertThat(again.id()).isNotIn(active, waiting.id());
        assertThat(again.status()).isEqualTo("WAITING");
        assertThat(statuses("two-stop")).containsExactlyInAnyOrder("QUEUED", "STOPPED", "WAITING");
    }

    /** {@value #TRIGGERS} triggers released at once, alternating between the two nodes. */
    private static List<ExecutionService.Triggered> triggerFromBothNodes(String policy) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<ExecutionService.Triggered>> futures = new ArrayList<>();
            for (int i = 0; i < TRIGGERS; i++) {
                Node node = NODES.get(i % 2);
                futures.add(threads.submit(() -> {
                    gate.await();
                    return node.service().trigger(policy, "manual");
                }));
            }
            gate.countDown();
            List<ExecutionService.Triggered> answers = new ArrayList<>();
            for (Future<ExecutionService.Triggered> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }

    private static List<String> statuses(String policy) {
        return jdbc.queryForList("SELECT status FROM executions WHERE policy_name = ?", String.class, policy);
    }
}
