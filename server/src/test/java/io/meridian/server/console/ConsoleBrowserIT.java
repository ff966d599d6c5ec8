package io.meridian.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.db.testing.TestDatabase;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.Canaries;
import io.meridian.sync.testing.LocalRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The console end to end, in real headless Chromium: the packaged server on a fresh PostgreSQL
 * database, two real registries (source and destination regions with a link), and
 * {@code web-ui/e2e/run.mjs} driving Debian's chromium through playwright-core — sign in, create a
 * policy through the form with one wrong field and see the server's message next to it, fix it,
 * save, run it and watch the live progress reach 100% SUCCEEDED. Then the destination digests are
 * checked with {@code skopeo inspect --raw}, and the event stream is read once more the way curl
 * would, with the bearer token. Screenshots land in {@code web-ui/test-output/e2e}.
 */
class ConsoleBrowserIT {

    private static final String TOKEN = Canaries.ADMIN_TOKEN;
    private static final int LAYER = 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void operatorCreatesAPolicyInTheBrowserRunsItAndWatchesItSucceed() throws Exception {
        Path webUi = Path.of("..", "web-ui").toAbsolutePath().normalize();
        assertThat(webUi.resolve("node_modules/playwright-core")).as("web-ui was built (npm ci) by the reactor").exists();
        assertThat(Path.of("/usr/bin/chromium")).as("Debian chromium (./meridian test installs it)").exists();
        Path home = Files.createTempDirectory("meridian-console-it");
        OciTransport transport = OciTransport.create();
        try (TestDatabase db = TestDatabase.create(); LocalRegistry src = LocalRegistry.anonymous();
             LocalRegistry dst = LocalRegistry.anonymous();
             PackagedServer server = PackagedServer.start(db, home, TOKEN,
                     // slow enough (≈2 MiB/s) that the progress bar is seen moving
                     "--meridian.replication.bandwidth.bytes-per-second-by-policy.console-e2e=2097152")) {
            Map<String, ManifestBytes> pushed = push(new RegistryClient(transport, src.endpoint()));
            server.api("POST", "/api/v1/regions", "{\"name\":\"cn-hangzhou\",\"displayName\":\"China (Hangzhou)\",\"jurisdiction\":\"CN\"}", 201);
            server.api("POST", "/api/v1/regions", "{\"name\":\"eu-london\",\"displayName\":\"UK (London)\",\"jurisdiction\":\"GB\"}", 201);
            server.api("POST", "/api/v1/registries", "{\"name\":\"hz\",\"region\":\"cn-hangzhou\",\"url\":\"" + src.url() + "\",\"insecure\":true}", 201);
            server.api("POST", "/api/v1/registries", "{\"name\":\"ldn\",\"region\":\"eu-london\",\"url\":\"" + dst.url() + "\",\"insecure\":true}", 201);
            server.api("PUT", "/api/v1/region-links/cn-hangzhou/eu-london", "{\"latencyMs\":180,\"bandwidthMbps\":500,\"costPerGb\":0.08}", 200);
            server.api("PUT", "/api/v1/region-links/eu-london/cn-hangzhou", "{\"latencyMs\":180,\"bandwidthMbps\":1000,\"costPerGb\":0.08}", 200);

            Path out = webUi.resolve("test-output/e2e");
            ProcessBuilder builder = new ProcessBuilder("node", "e2e/run.mjs").directory(webUi.toFile()).inheritIO();
            builder.environment().putAll(Map.of("MERIDIAN_URL", server.url(), "MERIDIAN_TOKEN", TOKEN,
                    "E2E_SOURCE_REGISTRY", "hz", "E2E_DESTINATION_REGISTRY", "ldn", "E2E_REPOSITORIES", "e2e/**",
                    "E2E_EXPECTED_TASKS", String.valueOf(pushed.size()), "E2E_OUT", out.toString()));
            Files.deleteIfExists(out.resolve("result.json"));
            Process browser = builder.start();
            try {
                assertThat(browser.waitFor(150, TimeUnit.SECONDS)).as("the browser test finished in 150 s").isTrue();
            } finally {
                browser.destroyForcibly();
            }
            assertThat(browser.exitValue()).as("web-ui/e2e/run.mjs passed (its output is above; failure.png in "
                    + out + ")").isZero();

            String executionId = field(Files.readString(out.resolve("result.json")), "executionId");
            // Every destination digest equals the source's, read back with skopeo.
            for (Map.Entry<String, ManifestBytes> e : pushed.entrySet()) {
                String source = sha256(skopeoRaw(src.hostPort() + "/" + e.getKey()));
                String destination = sha256(skopeoRaw(dst.hostPort() + "/mirror/" + e.getKey()));
                assertThat(source).as(e.getKey()).isEqualTo(e.getValue().digest().toString());
                assertThat(destination).as("mirror/" + e.getKey() + " at the destination").isEqualTo(source);
            }
            // The excluded tag (tags.exclude ".*-rc", typed in the form) was not copied.
            assertThat(new RegistryClient(transport, dst.endpoint())
                    .headManifest(RepositoryName.parse("mirror/e2e/app"), Reference.tag("2.0-rc"))).isEmpty();

            // The same events from curl's point of view: bearer token in a header, text/event-stream.
            HttpResponse<String> events = HTTP.send(HttpRequest.newBuilder(
                            URI.create(server.url() + "/api/v1/executions/" + executionId + "/events"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN)
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(events.statusCode()).isEqualTo(200);
            assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/event-stream"));
            assertThat(count(events.body(), "event:task")).isEqualTo(pushed.size());
            assertThat(events.body()).contains("event:end").contains("\"status\":\"SUCCEEDED\"")
                    .contains("\"progress\":100").doesNotContain(TOKEN);
        } finally {
            PackagedServer.deleteTree(home);
        }
    }

    /** Two repositories, two tags each (one shared base layer), and one release candidate the policy excludes. */
    private static Map<String, ManifestBytes> push(RegistryClient client) {
        SampleImages images = new SampleImages(client, 11);
        Map<String, ManifestBytes> pushed = new LinkedHashMap<>();
        for (String name : List.of("e2e/app", "e2e/tools")) {
            RepositoryName repo = RepositoryName.parse(name);
            Descriptor base = images.layer(repo, LAYER);
            for (String tag : List.of("1.0", "1.1")) {
                pushed.put(name + ":" + tag, images.image(repo, tag, List.of(base, images.layer(repo, LAYER))));
            }
        }
        RepositoryName app = RepositoryName.parse("e2e/app");
        images.image(app, "2.0-rc", List.of(images.layer(app, 1024)));
        return pushed;
    }

    private static byte[] skopeoRaw(String ref) throws Exception {
        Process p = new ProcessBuilder("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        p.getInputStream().transferTo(bytes);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("skopeo inspect --raw " + ref).isZero();
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as(name + " in " + json).isTrue();
        return m.group(1);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
