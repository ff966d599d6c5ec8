package io.meridian.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes every POST/PUT body of the REST API and the webhook envelope with hostile inputs
 * ({@link JsonMutator}) from a seeded {@link Random}. Every input must get an answer within the
 * timeout, never a 5xx; a 4xx must be {@code application/problem+json}, a 400 must name the
 * field(s), and a refused input must leave Meridian's definitions exactly as they were.
 *
 * <p>{@code -Dmeridian.fuzz.inputs=N} (default 400) sets how many inputs, {@code -Dmeridian.fuzz.seed=S}
 * the seed (default fixed, so CI is reproducible; the seed is in every failure message).
 */
class ApiFuzzTest extends ServerTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

    private record Target(String method, String path, String validBody) {
    }

    private static final List<Target> TARGETS = List.of(
            new Target("POST", "/api/v1/regions", "{\"name\":\"fuzz-new-r\",\"displayName\":\"Fuzz\",\"jurisdiction\":\"EU\"}"),
            new Target("PUT", "/api/v1/regions/fuzz-a", "{\"name\":\"fuzz-a\",\"displayName\":\"Fuzz A\",\"jurisdiction\":\"EU\"}"),
            new Target("PUT", "/api/v1/region-links/fuzz-a/fuzz-b", "{\"latencyMs\":35,\"bandwidthMbps\":2000,\"costPerGb\":0.08}"),
            new Target("POST", "/api/v1/registries", "{\"name\":\"fuzz-new-reg\",\"region\":\"fuzz-a\",\"url\":"
                    + "\"http://127.0.0.1:5999\",\"insecure\":true,\"kind\":\"distribution\",\"username\":\"u\",\"password\":\"p\"}"),
            new Target("PUT", "/api/v1/registries/fuzz-src", "{\"region\":\"fuzz-a\",\"url\":\"http://127.0.0.1:5998\","
                    + "\"insecure\":true,\"kind\":\"harbor\",\"username\":\"u\",\"password\":\"p\"}"),
            new Target("POST", "/api/v1/policies", policy("fuzz-new-p")),
            new Target("PUT", "/api/v1/policies/fuzz-p", policy("fuzz-p")),
            new Target("POST", "/api/v1/webhooks/registries/fuzz-src", """
                    {"events":[{"id":"e1","timestamp":"2026-12-03T06:00:00Z","action":"push","target":{"mediaType":
                    "application/vnd.oci.image.manifest.v1+json","size":527,"digest":"sha256:%s","repository":"fuzz/app",
                    "tag":"v1"},"request":{"host":"127.0.0.1"}}]}""".formatted("ab".repeat(32))));

    private static String policy(String name) {
        return "{\"name\":\"" + name + "\",\"source\":{\"registry\":\"fuzz-src\",\"repositories\":[\"team/**\"]},"
                + "\"tags\":{\"include\":[\".*\"],\"exclude\":[\"-rc\"]},\"destinations\":[{\"registry\":\"fuzz-dst\","
                + "\"namespace\":null}],\"override\":true,\"trigger\":{\"type\":\"cron\",\"cron\":\"0 0 3 * * ?\"}}";
    }

    @Test
    void everyHostileInputGetsAClean4xxAndChangesNothing() {
        long seed = Long.getLong("meridian.fuzz.seed", 20261203L);
        int inputs = Integer.getInteger("meridian.fuzz.inputs", 400);
        setUp();
        Random random = new Random(seed);
        JsonMutator mutator = new JsonMutator(random);
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < inputs && failures.size() < 10; i++) {
            Target target = TARGETS.get(random.nextInt(TARGETS.size()));
            JsonMutator.Input input;
            String path = target.path();
            if (random.nextInt(8) == 0) {
                path = hostilePath(target.path(), random);
                input = new JsonMutator.Input("hostile path " + path, target.validBody());
            } else {
                input = mutator.mutate(target.validBody());
            }
            String before = definitions(jdbc);
            HttpResponse<String> response;
            try {
                response = CLIENT.send(authorized(path).timeout(ANSWER_WITHIN).header("Content-Type", "application/json")
                        .method(target.method(), HttpRequest.BodyPublishers.ofString(input.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                failures.add(describe(seed, i, target, input, "no answer: " + e));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            int status = response.statusCode();
            outcomes.merge(status + "", 1, Integer::sum);
            String problem = check(response);
            if (problem == null && status >= 400 && !definitions(jdbc).equals(before)) {
                problem = "refused with " + status + " but the stored definitions changed";
            }
            if (problem != null) {
                failures.add(describe(seed, i, target, input, problem + " — " + abbreviate(response.body())));
            }
        }
        System.out.printf("API fuzz: %d inputs (seed %d), answers by status %s%n", inputs, seed, outcomes);
        assertThat(failures).as("seed " + seed + " (rerun with -Dmeridian.fuzz.seed=" + seed + ")").isEmpty();
        assertThat(outcomes.keySet()).as("the fuzzer reached validation, not only one answer").hasSizeGreaterThan(2);
    }

    private void setUp() {
        assertThat(postJson("/api/v1/regions", "{\"name\":\"fuzz-a\"}").statusCode()).isEqualTo(201);
        assertThat(postJson("/api/v1/regions", "{\"name\":\"fuzz-b\"}").statusCode()).isEqualTo(201);
        for (String r : List.of("fuzz-src", "fuzz-dst")) {
            assertThat(postJson("/api/v1/registries", "{\"name\":\"" + r + "\",\"region\":\"fuzz-a\","
                    + "\"url\":\"http://127.0.0.1:5999\",\"insecure\":true}").statusCode()).isEqualTo(201);
        }
        HttpResponse<String> p = postJson("/api/v1/policies", policy("fuzz-p"));
        assertThat(p.statusCode()).as(p.body()).isEqualTo(201);
    }

    /** Null when the answer is acceptable, else what is wrong with it. */
    private static String check(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "answered " + status;
        }
        if (status < 400) {
            return null; // the mutation happened to be valid
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("application/problem+json")) {
            return status + " with Content-Type '" + type + "'";
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(response.body());
        } catch (RuntimeException e) {
            return status + " with a body that is not JSON";
        }
        if (problem.path("status").asInt() != status) {
            return "problem status " + problem.path("status") + " != " + status;
        }
        if (status == 400 && (!problem.path("errors").isArray() || problem.path("errors").isEmpty()
                || problem.path("errors").get(0).path("field").asString("").isEmpty())) {
            return "400 without a field named";
        }
        return null;
    }

    /** Everything a refused input must not touch: regions, links, registries, policies. */
    private static String definitions(JdbcTemplate jdbc) {
        return jdbc.queryForObject("""
                SELECT md5(coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM regions t), '')
                        || coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM region_links t), '')
                        || coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM registries t), '')
                        || coalesce((SELECT string_agg(t::text, '|' ORDER BY t::text) FROM policies t), '')
                        || (SELECT count(*) FROM pending_pushes)::text)""", String.class);
    }

    private static String hostilePath(String path, Random random) {
        String[] names = {"..", "../../etc/passwd", "%2e%2e%2f", "a%00b", "\u202e", "x".repeat(5000), "ünï", "a b", ";", "*"};
        String name = names[random.nextInt(names.length)];
        String encoded = random.nextBoolean() ? URLEncoder.encode(name, StandardCharsets.UTF_8) : name.replace(" ", "%20")
                .replace("\u202e", "%E2%80%AE").replace("ü", "%C3%BC").replace("ï", "%C3%AF");
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + encoded;
    }

    private static String describe(long seed, int i, Target target, JsonMutator.Input input, String problem) {
        return "seed " + seed + " input #" + i + " " + target.method() + " " + abbreviate(target.path()) + " ["
                + input.mutation() + "] body " + abbreviate(input.body()) + ": " + problem;
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…(" + s.length() + " chars)";
    }
}
