package io.meridian.server;

import io.meridian.db.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base class for server tests: the real application on a random port, on a fresh PostgreSQL
 * database ({@link TestDatabase#shared()}) through the external-database path.
 *
 * <p>Every server test extends this class and adds <b>no</b> context-changing annotations
 * ({@code @TestPropertySource}, {@code @MockitoBean}, {@code @DynamicPropertySource}, other
 * {@code @SpringBootTest} properties), so Spring's context cache starts the server once per
 * test JVM. Tests must therefore use unique names for what they create (regions, policies…).
 */
@SpringBootTest(classes = MeridianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ServerTestBase {

    /** The admin token the test server accepts (a canary: never in a log line, an answer or the database). */
    public static final String ADMIN_TOKEN = io.meridian.sync.testing.Canaries.ADMIN_TOKEN;
    /** The test server's secret key (base64 of 32 bytes; a canary). */
    public static final String SECRET_KEY = io.meridian.sync.testing.Canaries.SECRET_KEY;

    protected static final TestDatabase DB = TestDatabase.shared();
    /** Distinguishes this test JVM's names from those of earlier runs on the same shared database. */
    protected static final String RUN = Long.toString(System.nanoTime() % 100_000_000L, 36);
    private static final java.util.concurrent.atomic.AtomicInteger SEQ = new java.util.concurrent.atomic.AtomicInteger();
    protected static final Path HOME = tempHome();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A name no other test of this JVM (or an earlier run) uses: {@code <base>-<run>-<n>}. */
    protected static String unique(String base) {
        return base + "-" + RUN + "-" + SEQ.incrementAndGet();
    }

    /** A registry name with one execution slot (meridian.replication.queue), for the priority tests. */
    protected static final String ONE_SLOT_REGISTRY = "one-slot-" + RUN;

    /** A registry name with {@value #LOAD_SLOTS} execution slots (meridian.replication.queue), for the load test. */
    protected static final String LOAD_REGISTRY = "load-slots-" + RUN;
    /** Execution slots of {@link #LOAD_REGISTRY}: fewer than the engine's execution threads, so the slots bind. */
    protected static final int LOAD_SLOTS = 2;

    @Value("${local.server.port}")
    protected int port;

    @DynamicPropertySource
    static void meridianProperties(DynamicPropertyRegistry registry) {
        registry.add("meridian.db.url", DB::jdbcUrl);
        registry.add("meridian.db.user", DB::user);
        registry.add("meridian.db.password", DB::password);
        registry.add("meridian.home", HOME::toString);
        registry.add("meridian.admin.token", () -> ADMIN_TOKEN);
        registry.add("meridian.secret.key", () -> SECRET_KEY);
        // fast schedules for the cron tests (every 2 s); the 1-minute default refuses them
        registry.add("meridian.policies.min-cron-interval", () -> "2s");
        registry.add("meridian.replication.queue.executions-by-registry." + ONE_SLOT_REGISTRY, () -> "1");
        registry.add("meridian.replication.queue.executions-by-registry." + LOAD_REGISTRY, () -> "" + LOAD_SLOTS);
        // notification retries in tenths of seconds, not the production seconds to minutes
        registry.add("meridian.notifications.max-attempts", () -> "3");
        registry.add("meridian.notifications.initial-backoff", () -> "100ms");
        registry.add("meridian.notifications.max-backoff", () -> "400ms");
        registry.add("meridian.notifications.poll-interval", () -> "200ms");
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A request builder for {@code path} that already carries the admin token. */
    protected HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> get(String path) {
        return send(authorized(path).GET().build());
    }

    protected HttpResponse<String> getAnonymous(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    protected HttpResponse<String> postJson(String path, String json) {
        return send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    protected HttpResponse<String> putJson(String path, String json) {
        return send(authorized(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    protected HttpResponse<String> delete(String path) {
        return send(authorized(path).DELETE().build());
    }

    /** Polls {@code GET /api/v1/executions/<id>} until it is no longer QUEUED, RUNNING or STOPPING (90 s at most). */
    protected tools.jackson.databind.JsonNode awaitExecutionFinished(String id) {
        tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
        java.time.Instant deadline = java.time.Instant.now().plus(Duration.ofSeconds(90));
        tools.jackson.databind.JsonNode view;
        do {
            view = json.readTree(get("/api/v1/executions/" + id).body());
            String status = view.get("status").asString();
            if (!status.equals("QUEUED") && !status.equals("RUNNING") && !status.equals("STOPPING")) {
                return view;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        } while (java.time.Instant.now().isBefore(deadline));
        throw new AssertionError("execution " + id + " did not finish in 90 s: " + view);
    }

    private static Path tempHome() {
        try {
            return Files.createTempDirectory("meridian-test-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
