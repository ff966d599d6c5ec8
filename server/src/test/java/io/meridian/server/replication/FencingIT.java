package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.db.testing.TestDatabase;
import io.meridian.sync.batch.DestinationAudit;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.testing.LocalRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fencing with two real server processes on one database: the node running an execution is paused with SIGSTOP
 * past its lease timeout, the other node takes the execution over (a new lease epoch) and finishes it, then the
 * paused node is continued with SIGCONT. A trigger records every write to the execution's state rows with the
 * writing process (its JDBC application name) and the lease holder at that moment: the stale node must not write
 * once the other holds the lease, and must say so ("fenced: …"); the execution ends SUCCEEDED once, its tasks are
 * not duplicated, and every manifest and blob at the destination is downloaded and hashed.
 *
 * <p>What it found: a partition thread of the paused node outlived its job (Spring's partition handler returned on
 * another partition's failure, the job ended and its fence forgot the execution) and its chunk write adopted the
 * epoch the row held by then — the new holder's — and went through: 6 writes (a task, its blob transfers, byte
 * counters) under node-b's lease in 1 of 6 runs. Fixed by {@code AwaitingPartitionHandler} (a job ends only when all
 * its partitions have) and by checking a write that outlives its job against the epoch the job ran with
 * ({@code ExecutionFenceTest}).
 */
class FencingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SharedBaseImages DATA = new SharedBaseImages("fence", 4, 6, 384 * 1024);

    /** Audits writes to the execution's state rows: which process wrote, who held the lease then. */
    private static final String AUDIT = """
            CREATE TABLE fence_audit (
                id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp(), tbl text NOT NULL,
                op text NOT NULL, writer text NOT NULL, execution_id uuid, holder text, epoch bigint,
                old_status text, new_status text);
            CREATE FUNCTION fence_audit() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE ex uuid; h text; ep bigint; os text; ns text;
            BEGIN
                IF TG_TABLE_NAME = 'executions' THEN
                    ex := NEW.id; h := NEW.owner_node; ep := NEW.lease_epoch; ns := NEW.status;
                    IF TG_OP = 'UPDATE' THEN os := OLD.status; END IF;
                ELSE
                    ex := NEW.execution_id;
                    SELECT owner_node, lease_epoch INTO h, ep FROM executions WHERE id = ex;
                END IF;
                INSERT INTO fence_audit (tbl, op, writer, execution_id, holder, epoch, old_status, new_status)
                VALUES (TG_TABLE_NAME, TG_OP, current_setting('application_name'), ex, h, ep, os, ns);
                RETURN NEW;
            END $$;
            CREATE TRIGGER fence_audit AFTER INSERT OR UPDATE ON executions FOR EACH ROW EXECUTE FUNCTION fence_audit();
            CREATE TRIGGER fence_audit AFTER INSERT OR UPDATE ON tasks FOR EACH ROW EXECUTE FUNCTION fence_audit();
            CREATE TRIGGER fence_audit AFTER INSERT OR UPDATE ON blob_transfers FOR EACH ROW
                EXECUTE FUNCTION fence_audit();
            CREATE TRIGGER fence_audit AFTER INSERT OR UPDATE ON execution_registry_bytes FOR EACH ROW
                EXECUTE FUNCTION fence_audit();
            CREATE TRIGGER fence_audit AFTER INSERT OR UPDATE ON execution_endpoint_bytes FOR EACH ROW
                EXECUTE FUNCTION fence_audit();
            """;

    @Test
    void aNodePausedPastItsLeaseWritesNothingAfterTheTakeover() throws Exception {
        Path home = Files.createTempDirectory("meridian-fencing-it");
        OciTransport transport = OciTransport.create();
        List<ServerProcess> nodes = new ArrayList<>();
        try (TestDatabase db = TestDatabase.create(); LocalRegistry src = LocalRegistry.anonymous();
             LocalRegistry dst = LocalRegistry.anonymous()) {
            JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
            RegistryClient atSrc = new RegistryClient(transport, src.endpoint());
            for (String name : List.of("node-a", "node-b")) {
                nodes.add(ServerProcess.start(name, db.jdbcUrl() + "?ApplicationName=" + name, db.user(),
                        db.password(), home.resolve(name), List.of(
                                "--meridian.cluster.node-id=" + name,
                                "--meridian.cluster.heartbeat-interval=500ms",
                                "--meridian.cluster.lease-timeout=4s",
                                // slow enough to be paused in the middle: ~1 MiB/s, one artifact per wave
                                "--meridian.replication.bandwidth.bytes-per-second-by-policy.fence=1048576",
                                "--meridian.replication.artifacts-per-wave=1",
                                "--meridian.replication.pools.partition-concurrency=2")));
            }
            DATA.push(atSrc, 11); // while the nodes start
            for (ServerProcess node : nodes) {
                node.awaitHealthy(Duration.ofSeconds(150));
            }
            phase("both nodes healthy");
            jdbc.execute(AUDIT); // after both migrated the schema
            ServerProcess first = nodes.get(0);
            first.api("POST", "/api/v1/regions", "{\"name\":\"fence-a\"}", 201);
            first.api("POST", "/api/v1/registries", "{\"name\":\"fence-src\",\"region\":\"fence-a\",\"url\":\""
                    + src.url() + "\",\"insecure\":true}", 201);
            first.api("POST", "/api/v1/registries", "{\"name\":\"fence-dst\",\"region\":\"fence-a\",\"url\":\""
                    + dst.url() + "\",\"insecure\":true}", 201);
            first.api("POST", "/api/v1/policies", "{\"name\":\"fence\",\"source\":{\"registry\":\"fence-src\","
                    + "\"repositories\":[\"fence/**\"]},\"destinations\":[{\"registry\":\"fence-dst\"}]}", 201);
            String id = JSON.readTree(first.api("POST", "/api/v1/policies/fence/executions", "", 202)).get("id")
                    .asString();
            ServerProcess.await(Duration.ofSeconds(120), "some tasks copied",
                    () -> count(jdbc, id, "COPIED") >= 3);
            Map<String, Object> lease = jdbc.queryForMap(
                    "SELECT owner_node, lease_epoch FROM executions WHERE id = ?::uuid", id);
            ServerProcess stale = nodes.stream().filter(n -> n.name.equals(lease.get("owner_node"))).findFirst()
                    .orElseThrow();
            ServerProcess other = nodes.get(0) == stale ? nodes.get(1) : nodes.get(0);
            long staleEpoch = (Long) lease.get("lease_epoch");

            phase(stale.name + " runs the execution (epoch " + staleEpoch + "); SIGSTOP");
            pauseOutsideATransaction(stale, jdbc);
            long copiedAtPause = count(jdbc, id, "COPIED");
            ServerProcess.await(Duration.ofSeconds(60), other.name + " taking the execution over",
                    () -> other.name.equals(owner(jdbc, id)));
            phase(other.name + " took over");
            long takeoverEpoch = jdbc.queryForObject("SELECT lease_epoch FROM executions WHERE id = ?::uuid",
                    Long.class, id);
            ServerProcess.await(Duration.ofSeconds(120), other.name + " finishing the execution",
                    () -> !List.of("QUEUED", "RUNNING", "STOPPING").contains(status(jdbc, id)));
            assertThat(status(jdbc, id)).isEqualTo("SUCCEEDED");

            phase(other.name + " finished the execution; SIGCONT " + stale.name);
            long auditBeforeContinue = jdbc.queryForObject("SELECT max(id) FROM fence_audit", Long.class);
            stale.signal("CONT");
            String fenced = "fenced: execution " + id + " now held by node " + other.name;
            ServerProcess.await(Duration.ofSeconds(90), stale.name + " noticing it lost the lease",
                    () -> stale.log().contains(fenced) && stale.log().contains("execution " + id
                            + ": this node's job ended"));
            phase(stale.name + " logged that it was fenced");
            ServerProcess.await(Duration.ofSeconds(30), stale.name + " answering again", () -> {
                try {
                    stale.api("GET", "/api/v1/executions/" + id, null, 200);
                    return true;
                } catch (Exception | AssertionError e) {
                    return false;
                }
            });

            // the stale node wrote before the pause, under its own epoch, and nothing while another held the lease
            assertThat(jdbc.queryForObject("SELECT count(*) FROM fence_audit WHERE writer = ? AND execution_id = ?::uuid"
                    + " AND holder = ? AND epoch = ?", Long.class, stale.name, id, stale.name, staleEpoch))
                    .as("writes by %s under its lease", stale.name).isPositive();
            assertThat(jdbc.queryForList("SELECT tbl || ' ' || op || ' holder=' || coalesce(holder, '-') || ' epoch='"
                    + " || coalesce(epoch::text, '-') FROM fence_audit WHERE writer = ? AND execution_id = ?::uuid"
                    + " AND (holder IS DISTINCT FROM ? OR epoch > ?)", String.class,
                    stale.name, id, stale.name, staleEpoch)).as("writes by %s after %s took over", stale.name,
                    other.name).isEmpty();
            assertThat(jdbc.queryForList("SELECT tbl || ' ' || op || ' execution=' || coalesce(execution_id::text, '-')"
                    + " || ' holder=' || coalesce(holder, '-') || ' epoch=' || coalesce(epoch::text, '-') || ' status='"
                    + " || coalesce(old_status, '-') || '->' || coalesce(new_status, '-') FROM fence_audit"
                    + " WHERE writer = ? AND id > ? ORDER BY id", String.class, stale.name, auditBeforeContinue))
                    .as("any write by %s after SIGCONT", stale.name).isEmpty();
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM fence_audit WHERE tbl = 'executions' AND execution_id = ?::uuid
                       AND new_status = 'SUCCEEDED' AND old_status IS DISTINCT FROM 'SUCCEEDED'""", Long.class, id))
                    .as("SUCCEEDED written once").isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT writer FROM fence_audit WHERE tbl = 'executions' AND"
                    + " execution_id = ?::uuid AND new_status = 'SUCCEEDED'", String.class, id)).isEqualTo(other.name);
            assertThat(takeoverEpoch).isGreaterThan(staleEpoch);
            assertThat(jdbc.queryForObject("SELECT lease_epoch FROM executions WHERE id = ?::uuid", Long.class, id))
                    .as("nobody claimed it again").isEqualTo(takeoverEpoch);
            assertThat(jdbc.queryForObject("SELECT status FROM executions WHERE id = ?::uuid", String.class, id))
                    .isEqualTo("SUCCEEDED");
            // tasks: one per artifact, all copied, none duplicated
            assertThat(jdbc.queryForList("SELECT state FROM tasks WHERE execution_id = ?::uuid", String.class, id))
                    .hasSize(DATA.artifacts()).containsOnly("COPIED");
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM (SELECT 1 FROM tasks WHERE execution_id = ?::uuid
                     GROUP BY source_repository, reference, destination_registry_id, destination_repository
                    HAVING count(*) > 1) d""", Long.class, id)).isZero();
            assertThat(copiedAtPause).as("paused in the middle").isLessThan(DATA.artifacts());
            // the destination, deep: every tag's digest, every manifest and blob downloaded and hashed
            DestinationAudit audit = new DestinationAudit(new RegistryClient(transport, dst.endpoint()));
            audit.deepVerify(atSrc, DATA.repositoryNames());
            assertThat(audit.violations()).isEmpty();
            assertThat(audit.objectsHashed()).isGreaterThanOrEqualTo(DATA.artifacts() * 3L);
            System.out.printf("FencingIT: %s paused at %d/%d copied (epoch %d), %s took over (epoch %d) and finished;"
                            + " %s continued and logged \"%s\"; %d audited writes by %s, 0 after the takeover;"
                            + " %d objects (%d bytes) hashed at the destination%n", stale.name, copiedAtPause,
                    DATA.artifacts(), staleEpoch, other.name, takeoverEpoch, stale.name, fenced,
                    jdbc.queryForObject("SELECT count(*) FROM fence_audit WHERE writer = ?", Long.class, stale.name),
                    stale.name, audit.objectsHashed(), audit.bytesHashed());
        } finally {
            for (ServerProcess node : nodes) {
                node.close();
            }
            ServerProcess.deleteTree(home);
        }
    }

    /**
     * SIGSTOP, retried while the process happens to be stopped inside a database transaction: a write transaction
     * holds the execution's row share-locked, so a takeover waits for it (correct, but this test wants the takeover
     * while the node is paused). Each write transaction lasts milliseconds.
     */
    private static void pauseOutsideATransaction(ServerProcess node, JdbcTemplate jdbc) throws Exception {
        for (int attempt = 0; ; attempt++) {
            node.signal("STOP");
            Thread.sleep(200);
            long open = jdbc.queryForObject("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?"
                    + " AND state LIKE 'idle in transaction%'", Long.class, node.name);
            if (open == 0 || attempt == 20) {
                return;
            }
            node.signal("CONT");
            Thread.sleep(50);
        }
    }


    private static void phase(String what) {
        SharedBaseImages.phase("FencingIT", what);
    }

    private static long count(JdbcTemplate jdbc, String id, String state) {
        return jdbc.queryForObject("SELECT count(*) FROM tasks WHERE execution_id = ?::uuid AND state = ?", Long.class,
                id, state);
    }

    private static String owner(JdbcTemplate jdbc, String id) {
        return jdbc.queryForObject("SELECT owner_node FROM executions WHERE id = ?::uuid", String.class, id);
    }

    private static String status(JdbcTemplate jdbc, String id) {
        return jdbc.queryForObject("SELECT status FROM executions WHERE id = ?::uuid", String.class, id);
    }
}
