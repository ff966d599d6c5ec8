package io.meridian.server.api.executions;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.LocalRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/v1/executions/{id}/events} on the real server with real registries: every
 * follower gets each task and the final status, followers of one execution share one poller, a
 * late follower gets the whole picture at once, and bad requests are problem+json.
 */
class ExecutionEventsTest extends ServerTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int TAGS = 6;
    private static LocalRegistry source;
    private static LocalRegistry destination;

    @Autowired
    ExecutionEventHub hub;

    @BeforeAll
    static void registries() {
        source = LocalRegistry.anonymous();
        destination = LocalRegistry.anonymous();
        SampleImages images = new SampleImages(new RegistryClient(OciTransport.create(), source.endpoint()), 7);
        RepositoryName app = RepositoryName.parse("events/app");
        Descriptor base = images.layer(app, 50_000);
        for (int i = 0; i < TAGS; i++) {
            images.image(app, "v" + i, List.of(base, images.layer(app, 20_000)));
        }
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        jdbc.update("INSERT INTO regions (name) VALUES ('events-region') ON CONFLICT DO NOTHING");
        for (String[] r : List.of(new String[] {"events-src", source.url()}, new String[] {"events-dst", destination.url()})) {
            jdbc.update("""
                    INSERT INTO registries (name, region_id, url, insecure)
                    SELECT ?, id, ?, true FROM regions WHERE name = 'events-region'""", r[0], r[1]);
        }
        jdbc.update("INSERT INTO policies (name, definition) VALUES ('events-all', CAST(? AS jsonb))", """
                {"name":"events-all","source":{"registry":"events-src","repositories":["events/**"]},
                 "tags":{"include":[".*"],"exclude":[]},"destinations":[{"registry":"events-dst","namespace":null}],
                 "override":true,"trigger":{"type":"manual"}}""");
    }

    @AfterAll
    static void stopRegistries() {
        source.close();
        destination.close();
    }

    @Test
    void everyFollowerSeesEachTaskAndTheEndThroughOnePoller() throws Exception {
        String id = JSON.readTree(postJson("/api/v1/policies/events-all/executions", "").body()).get("id").asString();
        CompletableFuture<HttpResponse<String>> first = follow(id);
        CompletableFuture<HttpResponse<String>> second = follow(id);

        for (HttpResponse<String> events : List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS))) {
            assertThat(events.statusCode()).isEqualTo(200);
            assertThat(events.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            String body = events.body();
            // each task's last state is COPIED, and the stream ends with the final status
            assertThat(lastTaskStates(body)).as(body).hasSize(TAGS).allMatch("COPIED"::equals);
            String end = body.substring(body.lastIndexOf("event:end"));
            assertThat(end).contains("\"status\":\"SUCCEEDED\"").contains("\"progress\":100")
                    .contains("\"finished\":true").contains("\"registry\":\"events-dst\"");
            assertThat(body.indexOf("event:end")).as("one end, last").isEqualTo(body.lastIndexOf("event:end"));
        }
        awaitNoPoller();

        // A follower arriving after the end gets the whole picture and the end at once.
        String late = follow(id).get(30, TimeUnit.SECONDS).body();
        assertThat(late.split("event:task", -1)).hasSize(TAGS + 1);
        assertThat(late).contains("event:execution").contains("event:end");
        awaitNoPoller();
    }

    @Test
    void refusesBadIdsUnknownExecutionsAndMissingTokens() {
        HttpResponse<String> bad = get("/api/v1/executions/not-a-uuid/events");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"id\"");
        HttpResponse<String> unknown = get("/api/v1/executions/00000000-0000-0000-0000-000000000000/events");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(getAnonymous("/api/v1/executions/00000000-0000-0000-0000-000000000000/events").statusCode())
                .isEqualTo(401);
    }

    private CompletableFuture<HttpResponse<String>> follow(String id) {
        return HTTP.sendAsync(authorized("/api/v1/executions/" + id + "/events").header("Accept", "text/event-stream")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The state in the last {@code task} event of each task. */
    private static List<String> lastTaskStates(String body) {
        java.util.Map<Long, String> states = new java.util.TreeMap<>();
        for (String event : body.split("\n\n")) {
            if (event.startsWith("event:task")) {
                var task = JSON.readTree(event.substring(event.indexOf("data:") + 5));
                states.put(task.get("id").asLong(), task.get("state").asString());
            }
        }
        return List.copyOf(states.values());
    }

    private void awaitNoPoller() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hub.followed() != 0) {
            assertThat(System.nanoTime()).as("the execution's poller stopped after its end").isLessThan(deadline);
            Thread.sleep(50); // polling interval of a deadline-bounded wait
        }
    }
}
