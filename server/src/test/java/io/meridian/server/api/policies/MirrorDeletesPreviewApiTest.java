package io.meridian.server.api.policies;

import static io.meridian.server.api.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.LocalRegistry;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Mirror deletes through the REST API on real registries and PostgreSQL: the preview lists every deletion first
 * ({@code delete}, and {@code delete-skipped} for a digest another tag holds) without deleting anything, and the run
 * that follows does exactly that, in the renamed destination repository, never outside the policy's scope.
 */
class MirrorDeletesPreviewApiTest extends ServerTestBase {

    private static final OciTransport TRANSPORT = OciTransport.create();
    private static final RepositoryName APP = RepositoryName.parse("library/app");
    private static final RepositoryName AT_DESTINATION = RepositoryName.parse("m/app");
    private static final RepositoryName OTHER = RepositoryName.parse("other/app");
    private static LocalRegistry source;
    private static LocalRegistry destination;
    private static String src;
    private static String dst;

    @BeforeAll
    static void registries() {
        source = LocalRegistry.anonymous();
        destination = LocalRegistry.anonymous();
        src = unique("md-src");
        dst = unique("md-dst");
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        jdbc.update("INSERT INTO regions (name) VALUES ('md-region') ON CONFLICT DO NOTHING");
        for (String[] r : List.of(new String[] {src, source.url()}, new String[] {dst, destination.url()})) {
            jdbc.update("INSERT INTO registries (name, region_id, url, insecure)"
                    + " SELECT ?, id, ?, true FROM regions WHERE name = 'md-region'", r[0], r[1]);
        }
    }

    @AfterAll
    static void stopRegistries() {
        source.close();
        destination.close();
    }

    @Test
    void previewListsEveryDeletionFirstAndTheRunAgrees() {
        RegistryClient atSrc = new RegistryClient(TRANSPORT, source.endpoint());
        RegistryClient atDst = new RegistryClient(TRANSPORT, destination.endpoint());
        SampleImages images = new SampleImages(atSrc, 1415);
        var base = images.layer(APP, 4000);
        ManifestBytes old = images.image(APP, "old", List.of(base));
        ManifestBytes shared = images.image(APP, "1.0", List.of(base));
        atSrc.putManifest(APP, Reference.tag("stable"), shared);
        images.image(APP, "keep", List.of(base));
        SampleImages local = new SampleImages(atDst, 1416);
        local.image(AT_DESTINATION, "local-1", List.of(local.layer(AT_DESTINATION, 300)));
        local.image(OTHER, "gone", List.of(local.layer(OTHER, 300)));
        String name = unique("md");
        HttpResponse<String> created = postJson("/api/v1/policies", """
                {"name":"%s","source":{"registry":"%s","repositories":["library/**"]},
                 "tags":{"exclude":["local-.*"]},
                 "destinations":[{"registry":"%s","namespace":"m","rename":{"from":"library/(.*)","to":"$1"}}],
                 "deletes":true}""".formatted(name, src, dst));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json(get("/api/v1/policies/" + name)).get("deletes").asBoolean()).isTrue();
        assertThat(run(name).get("status").asString()).isEqualTo("SUCCEEDED");

        atSrc.deleteManifest(APP, old.digest());
        atSrc.deleteManifest(APP, shared.digest());
        atSrc.putManifest(APP, Reference.tag("stable"), shared);

        HttpResponse<String> preview = postJson("/api/v1/policies/" + name + "/preview", "");
        assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
        JsonNode view = json(preview);
        Map<String, String> previewed = new TreeMap<>();
        view.get("items").forEach(i -> {
            if (i.get("action").asString().startsWith("delete")) {
                assertThat(i.get("destination").get("repository").asString()).isEqualTo("m/app");
                assertThat(i.get("bytes").asLong()).as("a deletion moves nothing").isZero();
                previewed.put(i.get("reference").asString(), i.get("action").asString() + " " + i.get("digest").asString());
            }
        });
        assertThat(previewed).containsExactly(Map.entry("1.0", "delete-skipped " + shared.digest()),
                Map.entry("old", "delete " + old.digest()));
        JsonNode skipped = java.util.stream.StreamSupport.stream(view.get("items").spliterator(), false)
                .filter(i -> i.get("action").asString().equals("delete-skipped")).findFirst().orElseThrow();
        assertThat(skipped.get("error").get("code").asString()).isEqualTo("DELETE_SKIPPED");
        assertThat(skipped.get("error").get("message").asString()).contains("is also tagged stable");
        assertThat(view.get("summary").get("actions").get("delete").get("count").asInt()).isEqualTo(1);
        assertThat(atDst.headManifest(AT_DESTINATION, Reference.tag("old"))).as("a preview deletes nothing").isPresent();

        JsonNode done = run(name);
        assertThat(done.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("summary").get("artifacts").get("deleted").asLong()).isEqualTo(1);
        Map<String, String> ran = new TreeMap<>();
        json(get("/api/v1/executions/" + done.get("id").asString() + "/tasks?size=500")).get("items").forEach(t -> {
            if (t.get("action").asString().startsWith("delete")) {
                ran.put(t.get("artifact").get("reference").asString(), t.get("action").asString() + " "
                        + t.get("artifact").get("digest").asString() + " " + t.get("state").asString());
            }
        });
        assertThat(ran).as("the run does what the preview said").containsExactly(
                Map.entry("1.0", "delete-skipped " + shared.digest() + " SKIPPED"),
                Map.entry("old", "delete " + old.digest() + " DELETED"));
        assertThat(atDst.headManifest(AT_DESTINATION, Reference.tag("old"))).isEmpty();
        for (String kept : List.of("1.0", "stable", "keep", "local-1")) {
            assertThat(atDst.headManifest(AT_DESTINATION, Reference.tag(kept))).as(kept).isPresent();
        }
        assertThat(atDst.headManifest(OTHER, Reference.tag("gone"))).as("a repository the policy does not write")
                .isPresent();
    }

    private JsonNode run(String policy) {
        HttpResponse<String> triggered = postJson("/api/v1/policies/" + policy + "/executions", "");
        assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(202);
        return awaitExecutionFinished(json(triggered).get("id").asString());
    }
}
