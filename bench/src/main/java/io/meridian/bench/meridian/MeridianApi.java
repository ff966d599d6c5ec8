package io.meridian.bench.meridian;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The REST calls of issue 4 that the benchmark drives (regions, registries, policies, executions). */
public final class MeridianApi {

    public static final Set<String> TERMINAL = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "STOPPED");
    private final URI base;
    private final String token;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    public MeridianApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public URI base() {
        return base;
    }

    /** Creates the region unless it exists (409 is fine). */
    public void ensureRegion(String name) {
        HttpResponse<String> r = send("POST", "/api/v1/regions",
                Map.of("name", name, "displayName", "bench " + name, "jurisdiction", "XX"));
        if (r.statusCode() != 201 && r.statusCode() != 200 && r.statusCode() != 409) {
            throw failure("create region " + name, r);
        }
    }

    public void createRegistry(String name, String region, String url) {
        HttpResponse<String> r = send("POST", "/api/v1/registries",
                Map.of("name", name, "region", region, "url", url, "insecure", true));
        expect2xx(r, "create registry " + name);
    }

    /** A policy copying every repository and tag of {@code source} into each destination, names unchanged. */
    public void createPolicy(String name, String source, List<String> destinations) {
        List<Map<String, Object>> dests = destinations.stream()
                .map(d -> Map.<String, Object>of("registry", d)).toList();
        HttpResponse<String> r = send("POST", "/api/v1/policies", Map.of(
                "name", name,
                "source", Map.of("registry", source, "repositories", List.of("**")),
                "tags", Map.of("include", List.of(".*"), "exclude", List.of()),
                "destinations", dests,
                "override", true,
                "trigger", Map.of("type", "manual")));
        expect2xx(r, "create policy " + name);
    }

    /** POST an execution; returns its id. */
    public String startExecution(String policy) {
        HttpResponse<String> r = send("POST", "/api/v1/policies/" + policy + "/executions", null);
        expect2xx(r, "start execution of " + policy);
        return json.readTree(r.body()).path("id").asText();
    }

    public JsonNode execution(String id) {
        HttpResponse<String> r = send("GET", "/api/v1/executions/" + id, null);
        expect2xx(r, "get execution " + id);
        return json.readTree(r.body());
    }

    /**
     * Polls until the execution reaches a terminal status; deadline {@code timeout}. The interval starts at
     * {@code firstPollMillis} and grows with the elapsed time (elapsed ÷ 25, at most 200 ms), so the poll's
     * quantisation stays under ~5 % of the measured time while the polling itself (each GET costs the server a
     * token check and a few queries) stays light on a long run.
     */
    public JsonNode awaitTerminal(String id, Duration timeout, long firstPollMillis) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode e = execution(id);
            if (TERMINAL.contains(e.path("status").asText())) {
                return e;
            }
            try {
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                Thread.sleep(Math.min(200, firstPollMillis + elapsedMillis / 25));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for execution " + id, ex);
            }
        }
        throw new IllegalStateException("execution " + id + " not finished within " + timeout);
    }

    public boolean healthy() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        }
        try {
            try {
                return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException stale) {
                // a pooled keep-alive connection the server closed while the harness loaded data: one more try on a
                // new connection (safe: creates answer 409 if the first got through, a second trigger returns the
                // running execution)
                return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " at " + base + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    private static void expect2xx(HttpResponse<String> r, String action) {
        if (r.statusCode() / 100 != 2) {
            throw failure(action, r);
        }
    }

    private static IllegalStateException failure(String action, HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body();
        return new IllegalStateException(action + " failed: HTTP " + r.statusCode() + " "
                + body.substring(0, Math.min(400, body.length())));
    }
}
