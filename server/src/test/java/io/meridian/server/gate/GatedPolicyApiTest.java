package io.meridian.server.gate;

import static io.meridian.server.api.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.LocalRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The scan gate through the API: a policy's {@code gate} is validated field by field, stored and answered, and an
 * execution of it on real registries leaves the image whose Trivy SARIF referrer reports a critical finding as a
 * BLOCKED task with the reason, while the clean one is copied.
 */
class GatedPolicyApiTest extends ServerTestBase {

    private static final OciTransport TRANSPORT = OciTransport.create();

    private static byte[] sarif(String name) {
        try (InputStream in = GatedPolicyApiTest.class.getResourceAsStream("/sarif/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void attach(RegistryClient client, SampleImages images, RepositoryName repo, ManifestBytes subject,
                               byte[] report) {
        Descriptor empty = images.blob(repo, "{}".getBytes(StandardCharsets.UTF_8), MediaType.OCI_EMPTY);
        Descriptor layer = images.blob(repo, report, new MediaType("application/sarif+json"));
        String json = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/sarif+json\",\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\","
                + "\"digest\":\"" + empty.digest() + "\",\"size\":2},\"layers\":[{\"mediaType\":\"application/sarif+json\","
                + "\"digest\":\"" + layer.digest() + "\",\"size\":" + layer.size() + "}],\"subject\":{\"mediaType\":\""
                + subject.mediaType().value() + "\",\"digest\":\"" + subject.digest() + "\",\"size\":"
                + subject.descriptor().size() + "}}";
        client.putManifest(repo, ManifestBytes.of(MediaType.OCI_MANIFEST, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aGatedPolicyBlocksTheCriticalImageAndCopiesTheCleanOne() {
        try (LocalRegistry source = LocalRegistry.anonymous(); LocalRegistry destination = LocalRegistry.anonymous()) {
            RegistryClient src = new RegistryClient(TRANSPORT, source.endpoint());
            SampleImages images = new SampleImages(src, 1403);
            RepositoryName repo = RepositoryName.parse("gated/app");
            ManifestBytes critical = images.image(repo, "critical", List.of(images.layer(repo, 1500)));
            ManifestBytes clean = images.image(repo, "clean", List.of(images.layer(repo, 1500)));
            attach(src, images, repo, critical, sarif("trivy-critical.sarif.json"));
            attach(src, images, repo, clean, sarif("trivy-clean.sarif.json"));

            String region = unique("gate-region");
            assertThat(postJson("/api/v1/regions", "{\"name\":\"" + region + "\"}").statusCode()).isEqualTo(201);
            String from = unique("gate-src");
            String to = unique("gate-dst");
            for (String[] r : List.of(new String[] {from, source.url()}, new String[] {to, destination.url()})) {
                assertThat(postJson("/api/v1/registries", "{\"name\":\"" + r[0] + "\",\"region\":\"" + region
                        + "\",\"url\":\"" + r[1] + "\",\"insecure\":true}").statusCode()).isEqualTo(201);
            }
            String policy = unique("gated");
            String body = "{\"name\":\"" + policy + "\",\"source\":{\"registry\":\"" + from + "\",\"repositories\":[\"gated/**\"]},"
                    + "\"destinations\":[{\"registry\":\"" + to + "\"}],\"gate\":%s}";

            HttpResponse<String> bad = postJson("/api/v1/policies", body.formatted(
                    "{\"maxSeverity\":\"severe\",\"onMissingReport\":\"skip\"}"));
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("gate.maxSeverity").contains("gate.onMissingReport");
            HttpResponse<String> created = postJson("/api/v1/policies", body.formatted("{\"maxSeverity\":\"high\"}"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(json(get("/api/v1/policies/" + policy)).get("gate").toString())
                    .isEqualTo("{\"maxSeverity\":\"high\",\"onMissingReport\":\"block\"}");

            // the preview renders the planner's gate decision as "blocked", with the same reason a run records
            HttpResponse<String> previewed = postJson("/api/v1/policies/" + policy + "/preview", "");
            assertThat(previewed.statusCode()).as(previewed.body()).isEqualTo(200);
            JsonNode preview = json(previewed);
            Map<String, String> actions = new TreeMap<>();
            preview.get("items").forEach(i -> actions.put(i.get("reference").asString(), i.get("action").asString()));
            assertThat(actions).containsEntry("critical", "blocked").containsEntry("clean", "copy")
                    .containsEntry("sha256-" + critical.digest().hex(), "blocked");
            JsonNode previewBlocked = preview.get("items").valueStream()
                    .filter(i -> i.get("reference").asString().equals("critical")).findFirst().orElseThrow();
            assertThat(previewBlocked.get("error").get("message").asString())
                    .startsWith("highest severity critical is above maxSeverity high");
            assertThat(previewBlocked.get("bytes").asLong()).isZero();
            assertThat(preview.get("summary").get("actions").get("blocked").get("count").asLong()).isEqualTo(2);

            HttpResponse<String> triggered = postJson("/api/v1/policies/" + policy + "/executions", "");
            String id = json(triggered).get("id").asString();
            assertThat(awaitExecutionFinished(id).get("status").asString()).isEqualTo("SUCCEEDED");
            JsonNode blocked = json(get("/api/v1/executions/" + id + "/tasks?state=BLOCKED"));
            List<String> references = blocked.get("items").valueStream()
                    .map(t -> t.get("artifact").get("reference").asString()).sorted().toList();
            assertThat(references).containsExactly("critical", "sha256-" + critical.digest().hex());
            // preview and run agree: what the preview called blocked is exactly what the run blocked
            assertThat(actions.entrySet().stream().filter(e -> e.getValue().equals("blocked")).map(Map.Entry::getKey)
                    .sorted().toList()).isEqualTo(references);
            JsonNode task = blocked.get("items").valueStream()
                    .filter(t -> t.get("artifact").get("reference").asString().equals("critical")).findFirst().orElseThrow();
            assertThat(task.get("error").toString()).contains("highest severity critical is above maxSeverity high")
                    .contains("critical 2, high 1, medium 1, low 0");

            RegistryClient dst = new RegistryClient(TRANSPORT, destination.endpoint());
            assertThat(dst.headManifest(repo, Reference.tag("critical"))).isEmpty();
            assertThat(dst.headManifest(repo, Reference.tag("clean")).map(Descriptor::digest)).hasValue(clean.digest());
        }
    }
}
