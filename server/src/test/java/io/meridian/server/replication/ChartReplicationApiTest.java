package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import io.meridian.sync.helm.ChartMuseumContractServer;
import io.meridian.sync.helm.ChartVersion;
import io.meridian.sync.helm.FileChartServer;
import io.meridian.sync.helm.IndexFile;
import io.meridian.sync.helm.IndexYaml;
import io.meridian.sync.helm.TestCharts;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.LocalRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A policy whose source is a classic chart repository, run by the replication job: registries and policy made
 * through the REST API, the helm-http source served from files, an OCI registry and a ChartMuseum as destinations;
 * tasks show charts like images.
 */
class ChartReplicationApiTest extends ServerTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RUN = Long.toString(System.nanoTime() % 100_000_000L, 36);
    private static LocalRegistry oci;
    private static FileChartServer source;
    private static ChartMuseumContractServer museum;
    private static Path dir;
    private static FileChartServer ranged;
    private static Path rangedDir;
    private static final List<TestCharts.Packaged> CHARTS = List.of(TestCharts.chart("podinfo", "6.5.0"),
            TestCharts.chart("podinfo", "6.6.0+rc1"), TestCharts.chart("private-chart", "1.0.0"));

    @BeforeAll
    static void start() throws Exception {
        oci = LocalRegistry.anonymous();
        museum = new ChartMuseumContractServer(false, null, null);
        dir = Files.createTempDirectory("charts-");
        IndexFile index = IndexFile.empty();
        for (TestCharts.Packaged c : CHARTS) {
            Files.write(dir.resolve(c.fileName()), c.tgz());
            index = index.with(ChartVersion.of(YAMLMapper.builder().build().readTree(c.chartYaml()), c.fileName())
                    .at(List.of(c.fileName()), Instant.now(), c.digest()));
        }
        Files.write(dir.resolve("index.yaml"), IndexYaml.write(index));
        source = new FileChartServer(dir, "/repo/stable", null, null);
        rangedDir = Files.createTempDirectory("charts-ranged-");
        Files.write(rangedDir.resolve("index.yaml"), IndexYaml.write(serve(rangedDir,
                List.of("1.0.0", "1.1.0", "1.2.0+build", "2.0.0"))));
        ranged = new FileChartServer(rangedDir, "/repo/ranged", null, null);
    }

    private static IndexFile serve(Path into, List<String> versions) throws Exception {
        IndexFile index = IndexFile.empty();
        for (String version : versions) {
            TestCharts.Packaged c = TestCharts.chart("ranged", version);
            Files.write(into.resolve(c.fileName()), c.tgz());
            index = index.with(ChartVersion.of(YAMLMapper.builder().build().readTree(c.chartYaml()), c.fileName())
                    .at(List.of(c.fileName()), Instant.now(), c.digest()));
        }
        return index;
    }

    @AfterAll
    static void stop() {
        oci.close();
        museum.close();
        source.close();
        ranged.close();
    }

    private void create(String path, String json) {
        HttpResponse<String> r = postJson(path, json);
        assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(201);
    }

    /** A region holding a helm-http registry served by {@code server} and an OCI registry; returns the region. */
    private String sourceAndOci(String region, String sourceName, FileChartServer server, String ociName) {
        create("/api/v1/regions", "{\"name\":\"" + region + "\"}");
        create("/api/v1/registries", "{\"name\":\"" + sourceName + "\",\"region\":\"" + region + "\",\"kind\":\"helm-http\","
                + "\"url\":\"" + server.url() + "\",\"insecure\":true}");
        create("/api/v1/registries", "{\"name\":\"" + ociName + "\",\"region\":\"" + region + "\",\"url\":\"" + oci.url()
                + "\",\"insecure\":true}");
        return region;
    }

    @Test
    void replicatesAChartRepositoryToOciAndChartMuseumAndSkipsWhatIsThere() {
        String region = sourceAndOci("charts-" + RUN, "src-" + RUN, source, "oci-" + RUN);
        create("/api/v1/registries", "{\"name\":\"cm-" + RUN + "\",\"region\":\"" + region + "\",\"kind\":\"chartmuseum\","
                + "\"url\":\"" + museum.url() + "\",\"insecure\":true}");
        String policy = "charts-" + RUN;
        create("/api/v1/policies", "{\"name\":\"" + policy + "\",\"source\":{\"registry\":\"src-" + RUN + "\","
                + "\"repositories\":[\"podinfo\"]},\"tags\":{\"include\":[\"6\\\\..*\"],\"exclude\":[]},"
                + "\"destinations\":[{\"registry\":\"oci-" + RUN + "\",\"namespace\":\"mirror\"},{\"registry\":\"cm-" + RUN
                + "\",\"namespace\":null}],\"override\":false,\"trigger\":{\"type\":\"manual\"}}");

        JsonNode done = run(policy);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        List<JsonNode> tasks = tasks(done.get("id").asString());
        assertThat(tasks).hasSize(4).allSatisfy(t -> {
            assertThat(t.get("state").asString()).as(t.toString()).isEqualTo("COPIED");
            assertThat(t.get("artifact").get("repository").asString()).as(t.toString()).isEqualTo("podinfo");
        });
        assertThat(tasks).extracting(t -> t.get("artifact").get("reference").asString())
                .containsOnly("6.5.0", "6.6.0+rc1");
        assertThat(tasks).extracting(t -> t.get("artifact").get("digest").asString())
                .containsOnly(CHARTS.get(0).digest().oci(), CHARTS.get(1).digest().oci());

        try (RegistryClient client = new RegistryClient(OciTransport.create(), oci.endpoint())) {
            assertThat(client.headManifest(RepositoryName.parse("mirror/podinfo"), Reference.tag("6.6.0_rc1"))
                    .map(Descriptor::mediaType).map(Object::toString)).contains("application/vnd.oci.image.manifest.v1+json");
        }
        assertThat(museum.objects).containsOnlyKeys("podinfo-6.5.0.tgz", "podinfo-6.6.0+rc1.tgz");

        JsonNode again = run(policy);
        assertThat(again.get("status").asString()).as(again.toString()).isEqualTo("SUCCEEDED");
        assertThat(tasks(again.get("id").asString())).hasSize(4)
                .allSatisfy(t -> assertThat(t.get("state").asString()).isEqualTo("SKIPPED"));
    }

    @Test
    void selectsChartVersionsLikeImageTagsWithSemverRangeAndLatest() {
        sourceAndOci("ranged-" + RUN, "rsrc-" + RUN, ranged, "roci-" + RUN);
        String policy = "ranged-" + RUN;
        // 1.0.0, 1.1.0, 1.2.0+build are in >=1.0.0 <2; latest 2 keeps the newest two by semver
        create("/api/v1/policies", "{\"name\":\"" + policy + "\",\"source\":{\"registry\":\"rsrc-" + RUN + "\","
                + "\"repositories\":[\"ranged\"]},\"tags\":{\"semver\":\">=1.0.0 <2\",\"latest\":2},"
                + "\"destinations\":[{\"registry\":\"roci-" + RUN + "\",\"namespace\":\"ranged-" + RUN + "\"}],"
                + "\"override\":false,\"trigger\":{\"type\":\"manual\"}}");

        JsonNode done = run(policy);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        List<JsonNode> tasks = tasks(done.get("id").asString());
        assertThat(tasks).allSatisfy(t -> assertThat(t.get("state").asString()).as(t.toString()).isEqualTo("COPIED"));
        assertThat(tasks).extracting(t -> t.get("artifact").get("reference").asString())
                .containsExactlyInAnyOrder("1.1.0", "1.2.0+build");
        try (RegistryClient client = new RegistryClient(OciTransport.create(), oci.endpoint())) {
            RepositoryName copied = RepositoryName.parse("ranged-" + RUN + "/ranged");
            assertThat(client.headManifest(copied, Reference.tag("1.2.0_build"))).isPresent();
            assertThat(client.headManifest(copied, Reference.tag("1.1.0"))).isPresent();
            assertThat(client.headManifest(copied, Reference.tag("1.0.0"))).isEmpty();
            assertThat(client.headManifest(copied, Reference.tag("2.0.0"))).isEmpty();
        }
    }

    private JsonNode run(String policy) {
        HttpResponse<String> started = postJson("/api/v1/policies/" + policy + "/executions", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).get("id").asString();
        return awaitExecutionFinished(id);
    }

    private List<JsonNode> tasks(String id) {
        JsonNode page = JSON.readTree(get("/api/v1/executions/" + id + "/tasks?page=0&size=50").body());
        List<JsonNode> out = new ArrayList<>();
        page.get("items").forEach(out::add);
        return out;
    }
}
