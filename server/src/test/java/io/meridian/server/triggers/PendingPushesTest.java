package io.meridian.server.triggers;

import static io.meridian.server.api.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.testing.LocalRegistry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Pushed tags live in {@code pending_pushes} from before the webhook's 202 until an execution
 * covering them is committed; a busy policy is waited for without provoking errors.
 */
class PendingPushesTest extends ServerTestBase {

    private static LocalRegistry source;
    private static LocalRegistry destination;
    private static final JdbcTemplate JDBC = new JdbcTemplate(DB.dataSource());

    @Autowired
    EventDebouncer debouncer;

    @BeforeAll
    static void registries() {
        source = LocalRegistry.anonymous();
        destination = LocalRegistry.anonymous();
        JDBC.update("INSERT INTO regions (name) VALUES ('pending-region') ON CONFLICT DO NOTHING");
        for (var r : List.of(new Object[] {"pending-src", source}, new Object[] {"pending-dst", destination})) {
            JDBC.update("""
                    INSERT INTO registries (name, region_id, url, insecure)
                    SELECT ?, id, ?, true FROM regions WHERE name = 'pending-region'""", r[0], ((LocalRegistry) r[1]).url());
        }
    }

    @AfterAll
    static void stop() {
        source.close();
        destination.close();
    }

    private void eventPolicy(String name, int debounceSeconds) {
        HttpResponse<String> created = postJson("/api/v1/policies", "{\"name\":\"" + name + "\",\"source\":{\"registry\":"
                + "\"pending-src\",\"repositories\":[\"" + name + "/**\"]},\"destinations\":[{\"registry\":\"pending-dst\"}],"
                + "\"trigger\":{\"type\":\"event\",\"debounceSeconds\":" + debounceSeconds + "}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private HttpResponse<String> notifyPush(String repository, String tag) {
        return send(authorized("/api/v1/webhooks/registries/pending-src")
                .header("Content-Type", "application/vnd.docker.distribution.events.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"events":[{"action":"push","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json",
                         "digest":"sha256:%s","repository":"%s","tag":"%s"}}]}""".formatted("ab".repeat(32), repository,
                        tag))).build());
    }

    private static List<UUID> executions(String policy) {
        return JDBC.queryForList("SELECT id FROM executions WHERE policy_name = ? ORDER BY created_at", UUID.class, policy);
    }

    private static long storedRows(String policy) {
        return JDBC.queryForObject("""
                SELECT count(*) FROM pending_pushes pp JOIN policies p ON p.id = pp.policy_id WHERE p.name = ?""",
                Long.class, policy);
    }

    @Test
    void aPushIsStoredBeforeTheWebhookAnswers() {
        eventPolicy("pending-stored", 600);
        HttpResponse<String> answer = notifyPush("pending-stored/app", "v1");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(storedRows("pending-stored")).as("in the table when the 202 arrives").isEqualTo(1);
        assertThat(debouncer.pendingPairs("pending-stored")).isEqualTo(1);
        assertThat(executions("pending-stored")).as("the quiet period has not passed").isEmpty();

        assertThat(delete("/api/v1/policies/pending-stored").statusCode()).isEqualTo(204);
        assertThat(JDBC.queryForObject("SELECT count(*) FROM pending_pushes WHERE repository = 'pending-stored/app'",
                Long.class)).as("a deleted policy takes its pending pushes along").isZero();
    }

    /** What a node that died after its 202 leaves behind is run by whichever node sweeps next. */
    @Test
    void pushesAPreviousProcessStoredAreRunAndThenDeleted() {
        eventPolicy("pending-left", 1);
        JDBC.update("""
                INSERT INTO pending_pushes (policy_id, repository, tag, debounce_seconds, received_at)
                SELECT id, 'pending-left/app', 'v7', 1, now() - interval '1 hour' FROM policies WHERE name = 'pending-left'""");
        UUID id = Await.until("an execution of pending-left", Duration.ofSeconds(30),
                () -> executions("pending-left").stream().findFirst());
        JsonNode snapshot = json(JDBC.queryForObject("SELECT policy_snapshot::text FROM executions WHERE id = ?",
                String.class, id));
        assertThat(snapshot.get("source").get("repositories").toString()).isEqualTo("[\"pending-left/app\"]");
        assertThat(snapshot.get("tags").get("include").toString()).isEqualTo("[\"v7\"]");
        Await.until("the covered rows deleted", Duration.ofSeconds(30), () -> storedRows("pending-left") == 0);
        assertThat(executions("pending-left")).containsExactly(id);
    }

    /**
     * The issue-8 defect: a push for a policy with an active execution was re-tried every 2 s by
     * inserting an execution and catching the duplicate-key error of the one-active-per-policy
     * index, for as long as the execution ran. Every insert attempt is counted by a BEFORE INSERT
     * trigger feeding a sequence (sequences are not rolled back with the failed insert).
     */
    @Test
    void aBusyPolicyIsWaitedForWithoutInsertAttemptsAndThenRunOnce() {
        eventPolicy("pending-busy", 0);
        UUID running = UUID.randomUUID();
        JDBC.update("""
                INSERT INTO executions (id, policy_id, policy_name, status, trigger, policy_snapshot)
                SELECT ?, id, name, 'RUNNING', 'manual', definition FROM policies WHERE name = 'pending-busy'""", running);
        JDBC.execute("CREATE SEQUENCE pending_busy_insert_attempts");
        JDBC.execute("""
                CREATE FUNCTION pending_busy_count() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.policy_name = 'pending-busy' THEN PERFORM nextval('pending_busy_insert_attempts'); END IF;
                  RETURN NEW;
                END $$""");
        JDBC.execute("""
                CREATE TRIGGER pending_busy_count BEFORE INSERT ON executions
                FOR EACH ROW EXECUTE FUNCTION pending_busy_count()""");
        try {
            assertThat(notifyPush("pending-busy/app", "t1").statusCode()).isEqualTo(202);
            Await.until("the push pending", Duration.ofSeconds(30), () -> debouncer.pendingPairs("pending-busy") == 1);
            long from = debouncer.sweeps();
            Await.until("3 more sweeps", Duration.ofSeconds(30), () -> debouncer.sweeps() >= from + 3);
            assertThat(attempts()).as("insert attempts against the running execution").isZero();
            assertThat(debouncer.pendingPairs("pending-busy")).as("still pending").isEqualTo(1);

            JDBC.update("UPDATE executions SET status = 'SUCCEEDED', finished_at = now() WHERE id = ?", running);
            UUID next = Await.until("the run after the busy one", Duration.ofSeconds(30),
                    () -> executions("pending-busy").stream().filter(e -> !e.equals(running)).findFirst());
            Await.until("nothing pending", Duration.ofSeconds(30), () -> debouncer.idle("pending-busy"));
            assertThat(executions("pending-busy")).containsExactly(running, next);
            assertThat(attempts()).as("exactly one insert: the run that was started").isEqualTo(1);
        } finally {
            JDBC.execute("DROP TRIGGER pending_busy_count ON executions");
            JDBC.execute("DROP FUNCTION pending_busy_count()");
            JDBC.execute("DROP SEQUENCE pending_busy_insert_attempts");
        }
    }

    private static long attempts() {
        return JDBC.queryForObject("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM pending_busy_insert_attempts",
                Long.class);
    }
}
