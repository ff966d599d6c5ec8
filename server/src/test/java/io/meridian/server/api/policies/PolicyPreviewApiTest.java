package io.meridian.server.api.policies;

import static io.meridian.server.api.ApiAssertions.errorFields;
import static io.meridian.server.api.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.Skopeo;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Preview (dry run) on the real server, real registries and PostgreSQL: it writes nothing anywhere, pages like an
 * execution's tasks, and agrees item by item with the execution that follows it on the same data (it is the same
 * planner); an unsaved body is checked as a create is, every problem naming its field path.
 */
class PolicyPreviewApiTest extends ServerTestBase {

    private static final OciTransport TRANSPORT = OciTransport.create();
    private static LocalRegistry source;
    private static LocalRegistry ldn;
    private static LocalRegistry fra;
    private static String src;
    private static String dstLdn;
    private static String dstFra;

    @BeforeAll
    static void registries() {
        source = LocalRegistry.anonymous();
        ldn = LocalRegistry.anonymous();
        fra = LocalRegistry.anonymous();
        RegistryClient client = new RegistryClient(TRANSPORT, source.endpoint());
        SampleImages images = new SampleImages(client, 1414);
        RepositoryName app = RepositoryName.parse("library/app");
        var base = images.layer(app, 6000);
        ManifestBytes v1 = images.image(app, "v1", List.of(base));
        assertThat(v1.digest()).isNotNull();
        images.image(app, "v2", List.of(base, images.layer(app, 2500)));
        images.signature(app, v1.digest());
        images.multiArch(app, "multi", base);
        images.helmChart(RepositoryName.parse("library/chart"), "0.1.0");
        // fra already holds renamed app:v2 with other content (a conflict), and app:v1 exactly (a skip)
        RegistryClient atFra = new RegistryClient(TRANSPORT, fra.endpoint());
        SampleImages there = new SampleImages(atFra, 99);
        there.image(RepositoryName.parse("app"), "v2", List.of(there.layer(RepositoryName.parse("app"), 900)));
        Skopeo.copyAll(source, "library/app:v1", fra, "app:v1");
        src = unique("pv-src");
        dstLdn = unique("pv-ldn");
        dstFra = unique("pv-fra");
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        jdbc.update("INSERT INTO regions (name) VALUES ('pv-region') ON CONFLICT DO NOTHING");
        for (String[] r : List.of(new String[] {src, source.url()}, new String[] {dstLdn, ldn.url()},
                new String[] {dstFra, fra.url()})) {
            jdbc.update("""
                    INSERT INTO registries (name, region_id, url, insecure)
                    SELECT ?, id, ?, true FROM regions WHERE name = 'pv-region'""", r[0], r[1]);
        }
    }

    @AfterAll
    static void stopRegistries() {
        source.close();
        ldn.close();
        fra.close();
    }

    private String policy(String name) {
        return """
                {"name":"%s","source":{"registry":"%s","repositories":["library/**"]},
                 "artifacts":["image","signature"],
                 "platforms":{"include":["linux/amd64"],"mode":"rewrite"},
                 "destinations":[{"registry":"%s","namespace":"mirror"},
                                 {"registry":"%s","namespace":null,"rename":{"from":"library/(.*)","to":"$1"},
                                  "onConflict":"keep"}],
                 "override":true}""".formatted(name, src, dstLdn, dstFra);
    }

    /** Every item of a preview, fetching page after page of {@code size}. */
    private List<JsonNode> allPreviewItems(String path, int size) {
        List<JsonNode> items = new ArrayList<>();
        for (int page = 0; ; page++) {
            HttpResponse<String> r = postJson(path + "?page=" + page + "&size=" + size, "");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode view = json(r);
            view.get("items").forEach(items::add);
            if ((long) (page + 1) * size >= view.get("total").asLong()) {
                assertThat(items).hasSize(view.get("total").asInt());
                return items;
            }
        }
    }

    private static String key(String repository, String reference, String registry, String destRepo) {
        return repository + ":" + reference + " -> " + registry + "/" + destRepo;
    }

    @Test
    void previewWritesNothingAndAgreesItemByItemWithTheRunThatFollows() {
        String name = unique("pv-agree");
        assertThat(postJson("/api/v1/policies", policy(name)).statusCode()).isEqualTo(201);
        JdbcTemplate jdbc = new JdbcTemplate(DB.dataSource());
        RegistryClient atLdn = new RegistryClient(TRANSPORT, ldn.endpoint());
        RegistryClient atFra = new RegistryClient(TRANSPORT, fra.endpoint());
        List<String> fraTagsBefore = atFra.listTags(RepositoryName.parse("app"));

        List<JsonNode> preview = allPreviewItems("/api/v1/policies/" + name + "/preview", 3);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM executions WHERE policy_name = ?", Long.class, name))
                .as("no execution row").isZero();
        assertThat(atLdn.catalog().toList()).as("nothing written at ldn").isEmpty();
        assertThat(atFra.listTags(RepositoryName.parse("app"))).as("nothing written at fra")
                .containsExactlyInAnyOrderElementsOf(fraTagsBefore);
        Map<String, String> previewed = new TreeMap<>();
        Map<String, String> rewrittenInPreview = new TreeMap<>();
        for (JsonNode i : preview) {
            String k = key(i.get("repository").asString(), i.get("reference").asString(),
                    i.get("destination").get("registry").asString(), i.get("destination").get("repository").asString());
            previewed.put(k, i.get("action").asString() + " " + i.get("digest").asString());
            if (i.has("rewrittenDigest")) {
                rewrittenInPreview.put(k, i.get("rewrittenDigest").asString());
            }
        }
        String sig = previewed.keySet().stream().filter(k -> k.contains(".sig")).findFirst().orElseThrow();
        assertThat(previewed).as("the chart is no image nor signature").noneSatisfy((k, v) -> assertThat(k).contains("chart"));
        assertThat(previewed.get(key("library/app", "v1", dstFra, "app"))).startsWith("skip ");
        assertThat(previewed.get(key("library/app", "v2", dstFra, "app"))).startsWith("conflict ");
        assertThat(previewed.get(key("library/app", "v2", dstLdn, "mirror/library/app"))).startsWith("copy ");
        assertThat(previewed.get(key("library/app", "multi", dstLdn, "mirror/library/app"))).startsWith("rewrite ");
        assertThat(previewed.get(sig)).startsWith("copy ");
        JsonNode v2 = preview.stream().filter(i -> i.get("reference").asString().equals("v2")
                && i.get("destination").get("registry").asString().equals(dstLdn)).findFirst().orElseThrow();
        assertThat(v2.get("bytes").asLong()).as("manifest, config and both layers").isGreaterThan(6000 + 2500);

        HttpResponse<String> started = postJson("/api/v1/policies/" + name + "/executions", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = json(started).get("id").asString();
        awaitExecutionFinished(id);
        JsonNode tasks = json(get("/api/v1/executions/" + id + "/tasks?size=500"));
        Map<String, String> ran = new TreeMap<>();
        Map<String, String> rewrittenInRun = new TreeMap<>();
        for (JsonNode t : tasks.get("items")) {
            String k = key(t.get("artifact").get("repository").asString(), t.get("artifact").get("reference").asString(),
                    t.get("destination").get("registry").asString(), t.get("destination").get("repository").asString());
            ran.put(k, t.get("action").asString() + " " + t.get("artifact").get("digest").asString());
            if (t.has("rewritten")) {
                assertThat(t.get("rewritten").get("sourceDigest").asString()).isEqualTo(t.get("artifact").get("digest").asString());
                rewrittenInRun.put(k, t.get("rewritten").get("digest").asString());
            }
        }
        assertThat(ran).as("preview and run, item by item").isEqualTo(previewed);
        assertThat(rewrittenInRun).as("the rewritten index's digest").isEqualTo(rewrittenInPreview).isNotEmpty();
        // and now that it ran, a preview says there is nothing left to copy but the kept conflict
        List<JsonNode> after = allPreviewItems("/api/v1/policies/" + name + "/preview", 50);
        assertThat(after).extracting(i -> i.get("action").asString()).containsOnly("skip", "conflict");
    }

    @Test
    void previewsAnUnsavedBodyInJsonOrYamlWithASummaryPerAction() {
        String name = unique("pv-unsaved");
        HttpResponse<String> r = postJson("/api/v1/policies/preview", policy(name));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode view = json(r);
        JsonNode summary = view.get("summary");
        long counted = 0;
        long bytes = 0;
        for (JsonNode c : summary.get("actions")) {
            counted += c.get("count").asLong();
            bytes += c.get("bytes").asLong();
        }
        assertThat(counted).isEqualTo(view.get("total").asLong()).isEqualTo(summary.get("items").asLong());
        assertThat(bytes).isEqualTo(summary.get("bytes").asLong()).isPositive();
        assertThat(summary.get("actions").get("skip").get("bytes").asLong()).isZero();
        assertThat(get("/api/v1/policies/" + name).statusCode()).as("an unsaved preview saves nothing").isEqualTo(404);

        String yaml = """
                name: %s
                source: {registry: %s, repositories: ["library/app"]}
                artifacts: [image]
                destinations:
                  - {registry: %s, namespace: null}
                """.formatted(name, src, dstLdn);
        HttpResponse<String> fromYaml = send(authorized("/api/v1/policies/preview")
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)).build());
        assertThat(fromYaml.statusCode()).as(fromYaml.body()).isEqualTo(200);
        assertThat(json(fromYaml).get("items")).extracting(i -> i.get("reference").asString())
                .contains("v1", "v2", "multi").noneMatch(ref -> ref.endsWith(".sig"));
    }

    @Test
    void refusesAnInvalidUnsavedPolicyNamingEveryFieldPath() {
        String body = """
                {"name":"%s","source":{"registry":"%s","repositories":["library/**"]},
                 "artifacts":["image","helm"],
                 "platforms":{"include":["linux"],"mode":"sparse"},
                 "destinations":[{"registry":"%s","namespace":null},
                                 {"registry":"no-such-registry","namespace":null,"rename":{"from":"(?=x)","to":"$1"},
                                  "onConflict":"merge"}]}""".formatted(unique("pv-bad"), src, dstLdn);
        HttpResponse<String> r = postJson("/api/v1/policies/preview", body);
        assertThat(errorFields(r)).containsExactlyInAnyOrder("artifacts[1]", "platforms.include[0]",
                "destinations[1].rename.from", "destinations[1].onConflict", "destinations[1].registry");
        assertThat(errorFields(postJson("/api/v1/policies/preview?size=0", policy(unique("pv-size")))))
                .containsExactly("size");
        assertThat(postJson("/api/v1/policies/" + unique("pv-none") + "/preview", "").statusCode()).isEqualTo(404);
    }

    @Test
    void warnsOfASparseIndexThatDistributionRefuses() {
        String body = """
                {"name":"%s","source":{"registry":"%s","repositories":["library/app"]},
                 "tags":{"include":["multi"]},"platforms":{"include":["linux/arm64"],"mode":"sparse"},
                 "destinations":[{"registry":"%s","namespace":null}]}""".formatted(unique("pv-sparse"), src, dstLdn);
        JsonNode view = json(postJson("/api/v1/policies/preview", body));
        JsonNode item = view.get("items").get(0);
        assertThat(item.get("action").asString()).isEqualTo("copy");
        assertThat(item.get("warning").asString()).contains("sparse", "distribution 2.8");
        assertThat(view.get("summary").get("warnings").asLong()).isEqualTo(1);
    }

    @Test
    void theOpenApiDocumentDescribesPreviewAndTheNewFields() {
        JsonNode docs = json(getAnonymous("/v3/api-docs"));
        assertThat(docs.get("paths").has("/api/v1/policies/preview")).isTrue();
        assertThat(docs.get("paths").get("/api/v1/policies/{name}/preview").has("post")).isTrue();
        JsonNode schemas = docs.get("components").get("schemas");
        assertThat(schemas.get("Policy").get("properties").has("artifacts")).isTrue();
        assertThat(schemas.get("Policy").get("properties").has("platforms")).isTrue();
        assertThat(schemas.get("Destination").get("properties").has("rename")).isTrue();
        assertThat(schemas.get("Destination").get("properties").has("onConflict")).isTrue();
        assertThat(schemas.get("PreviewView").get("properties").has("summary")).isTrue();
        assertThat(schemas.get("TaskView").get("properties").has("rewritten")).isTrue();
    }

    @Test
    void anUnreachableSourceIsABadGatewayNamingIt() {
        String dead = unique("pv-dead");
        new JdbcTemplate(DB.dataSource()).update("""
                INSERT INTO registries (name, region_id, url, insecure)
                SELECT ?, id, 'http://127.0.0.1:1', true FROM regions WHERE name = 'pv-region'""", dead);
        String body = """
                {"name":"%s","source":{"registry":"%s","repositories":["**"]},
                 "destinations":[{"registry":"%s","namespace":null}]}""".formatted(unique("pv-dead"), dead, dstLdn);
        HttpResponse<String> r = postJson("/api/v1/policies/preview", body);
        JsonNode problem = io.meridian.server.api.ApiAssertions.problem(r, 502);
        assertThat(problem.toString()).contains(dead);
    }
}
