package io.meridian.server.audit;

import static io.meridian.server.api.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.testing.Canaries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14: every change is in the audit log with who, when, what and before/after — regions, registries, region
 * links, tokens, notifications, manual executions and stops — and no secret (registry password, token, notification
 * secret) appears in any audit row.
 */
class AuditCoverageTest extends ServerTestBase {

    @Test
    void everyKindOfChangeHasItsBeforeAndAfterAndNoRowHoldsASecret() throws IOException {
        List<String> secrets = new ArrayList<>();
        String region = unique("aud-region");
        String other = unique("aud-other");
        assertThat(postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}").statusCode()).isEqualTo(201);
        assertThat(postJson("/api/v1/regions", "{\"name\":\"" + other + "\"}").statusCode()).isEqualTo(201);
        assertThat(putJson("/api/v1/regions/" + region, "{\"name\":\"" + region + "\",\"displayName\":\"Renamed\"}")
                .statusCode()).isEqualTo(200);

        // a registry whose password changes: neither password may reach the audit
        String registry = unique("aud-registry");
        String firstPassword = Canaries.REGISTRY_PASSWORD;
        String secondPassword = Canaries.REGISTRY_PASSWORD_2;
        secrets.add(firstPassword);
        secrets.add(secondPassword);
        try (ServerSocket blackhole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> hold(blackhole), "audit-test-blackhole");
            acceptor.setDaemon(true);
            acceptor.start();
            String url = "http://127.0.0.1:" + blackhole.getLocalPort();
            assertThat(postJson("/api/v1/registries", "{\"name\":\"" + registry + "\",\"region\":\"" + region
                    + "\",\"url\":\"" + url + "\",\"insecure\":true,\"username\":\"u\",\"password\":\"" + firstPassword
                    + "\"}").statusCode()).isEqualTo(201);
            assertThat(putJson("/api/v1/registries/" + registry, "{\"name\":\"" + registry + "\",\"region\":\"" + region
                    + "\",\"url\":\"" + url + "\",\"insecure\":true,\"username\":\"u2\",\"password\":\"" + secondPassword
                    + "\"}").statusCode()).isEqualTo(200);

            // a manual run that hangs on the silent source, and its stop
            String policy = unique("aud-policy");
            assertThat(postJson("/api/v1/policies", "{\"name\":\"" + policy + "\",\"source\":{\"registry\":\"" + registry
                    + "\",\"repositories\":[\"a/b\"]},\"destinations\":[{\"registry\":\"" + registry
                    + "\",\"namespace\":\"m\"}]}").statusCode()).isEqualTo(201);
            HttpResponse<String> triggered = postJson("/api/v1/policies/" + policy + "/executions", "");
            assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(202);
            String execution = json(triggered).get("id").asString();
            HttpResponse<String> stopped = postJson("/api/v1/executions/" + execution + "/stop", "");
            assertThat(stopped.statusCode()).as(stopped.body()).isEqualTo(202);
            acceptor.interrupt(); // closing the socket below lets the stopped execution end

            JsonNode trigger = find("execution", "execution.trigger", policy);
            assertThat(trigger.get("after").get("id").asString()).isEqualTo(execution);
            assertThat(trigger.get("after").get("trigger").asString()).isEqualTo("manual");
            assertThat(trigger.get("actor").asString()).isEqualTo("bootstrap-admin");
            JsonNode stop = find("execution", "execution.stop", execution);
            assertThat(stop.get("before").get("status").asString()).isIn("QUEUED", "RUNNING");
            assertThat(stop.get("after").get("status").asString()).isEqualTo("STOPPING");
        }

        // links: a first put has no before, a second put and the delete do
        String link = "/api/v1/region-links/" + region + "/" + other;
        assertThat(putJson(link, "{\"latencyMs\":80,\"bandwidthMbps\":1000,\"costPerGb\":0.02}").statusCode()).isEqualTo(200);
        assertThat(putJson(link, "{\"latencyMs\":95,\"bandwidthMbps\":1000,\"costPerGb\":0.02}").statusCode()).isEqualTo(200);
        assertThat(delete(link).statusCode()).isEqualTo(204);

        // a token and a notification, made and removed
        String token = unique("aud-token");
        secrets.add(json(postJson("/api/v1/tokens", "{\"name\":\"" + token + "\",\"role\":\"viewer\"}")).get("token").asString());
        assertThat(delete("/api/v1/tokens/" + token).statusCode()).isEqualTo(204);
        String notification = unique("aud-notification");
        String hookSecret = Canaries.NOTIFICATION_SECRET;
        secrets.add(hookSecret);
        assertThat(postJson("/api/v1/notifications", "{\"name\":\"" + notification + "\",\"url\":\"https://hooks.example.com/m\","
                + "\"events\":[\"execution.failed\"],\"secret\":\"" + hookSecret + "\"}").statusCode()).isEqualTo(201);
        assertThat(delete("/api/v1/notifications/" + notification).statusCode()).isEqualTo(204);

        JsonNode regionUpdate = find("region", "region.update", region);
        assertThat(regionUpdate.get("before").get("displayName").isNull()).isTrue();
        assertThat(regionUpdate.get("after").get("displayName").asString()).isEqualTo("Renamed");

        JsonNode registryUpdate = find("registry", "registry.update", registry);
        assertThat(registryUpdate.get("before").get("username").asString()).isEqualTo("u");
        assertThat(registryUpdate.get("after").get("username").asString()).isEqualTo("u2");

        JsonNode secondPut = find("link", "link.put", region + "->" + other, 0);
        assertThat(secondPut.get("before").get("latencyMs").asDouble()).isEqualTo(80.0);
        assertThat(secondPut.get("after").get("latencyMs").asDouble()).isEqualTo(95.0);
        assertThat(find("link", "link.put", region + "->" + other, 1).get("before").isNull()).isTrue();
        assertThat(find("link", "link.delete", region + "->" + other).get("before").get("latencyMs").asDouble()).isEqualTo(95.0);

        assertThat(find("token", "token.delete", token).get("before").get("role").asString()).isEqualTo("viewer");
        JsonNode hookCreate = find("notification", "notification.create", notification);
        assertThat(hookCreate.get("after").get("url").asString()).isEqualTo("https://hooks.example.com/m");
        assertThat(find("notification", "notification.delete", notification).get("before").get("events").get(0).asString())
                .isEqualTo("execution.failed");

        assertThat(delete("/api/v1/regions/" + other).statusCode()).isEqualTo(204);
        assertThat(find("region", "region.delete", other).get("before").get("name").asString()).isEqualTo(other);

        // no secret anywhere in the whole audit log, page by page
        int pages = 0;
        for (int page = 0; ; page++) {
            HttpResponse<String> rows = get("/api/v1/audit?size=500&page=" + page);
            for (String secret : secrets) {
                assertThat(rows.body()).as("audit page " + page).doesNotContain(secret);
            }
            pages++;
            if (json(rows).get("items").size() < 500) {
                break;
            }
        }
        assertThat(pages).isPositive();
    }

    /** Accepts connections and never answers: a registry that hangs every request. */
    private static void hold(ServerSocket server) {
        List<Socket> held = new ArrayList<>();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                held.add(server.accept());
            }
        } catch (IOException e) {
            // closed: the test is over
        } finally {
            held.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a socket nobody reads
                }
            });
        }
    }

    private JsonNode find(String kind, String action, String target) {
        return find(kind, action, target, 0);
    }

    /** The {@code nth} newest record of {@code action} on {@code target}. */
    private JsonNode find(String kind, String action, String target, int nth) {
        JsonNode page = json(get("/api/v1/audit?size=500&kind=" + kind));
        List<JsonNode> matches = page.get("items").valueStream()
                .filter(e -> e.get("action").asString().equals(action) && e.get("target").asString().equals(target))
                .toList();
        assertThat(matches).as(action + " " + target + " in " + page).hasSizeGreaterThan(nth);
        return matches.get(nth);
    }
}
