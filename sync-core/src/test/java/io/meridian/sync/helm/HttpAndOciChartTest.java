package io.meridian.sync.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.sync.helm.ChartTask.Outcome;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.Skopeo;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * helm-http sources (real HTTP repositories served from files, Basic auth, relative and absolute urls), the real
 * CNCF registry as an OCI destination (checked with skopeo), and the ChartMuseum API as a destination.
 */
class HttpAndOciChartTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ChartReplicator REPLICATOR = new ChartReplicator(64L << 20, 50);
    private static LocalRegistry registry;
    private static OciTransport transport;
    private static RegistryClient client;

    @TempDir
    Path dir;
    @TempDir
    Path otherDir;

    @BeforeAll
    static void start() {
        registry = LocalRegistry.anonymous();
        transport = OciTransport.create();
        client = new RegistryClient(transport, registry.endpoint());
    }

    @AfterAll
    static void stop() {
        client.close();
        registry.close();
    }

    private static ChartVersion entry(TestCharts.Packaged c, String url) {
        return ChartVersion.of(YAMLMapper.builder().build().readTree(c.chartYaml()), c.fileName())
                .at(List.of(url), Instant.parse("2026-01-01T00:00:00Z"), c.digest());
    }

    @Test
    void readsAnAuthenticatedRepositoryWithRelativeAndAbsoluteUrlsAndKeepsCredentialsAtHome() throws Exception {
        var local = TestCharts.chart("web", "2.0.0");
        var remote = TestCharts.chart("web", "1.0.0");
        Files.write(dir.resolve(local.fileName()), local.tgz());
        Files.write(dir.resolve(local.fileName() + ".prov"), local.prov());
        Files.write(otherDir.resolve(remote.fileName()), remote.tgz());
        try (FileChartServer repo = new FileChartServer(dir, "/charts/stable", "reader", "s3cret");
             FileChartServer cdn = new FileChartServer(otherDir, "/cdn", null, null)) {
            IndexFile index = IndexFile.empty()
                    .with(entry(local, "./" + local.fileName()))
                    .with(entry(remote, cdn.url() + "/" + remote.fileName()));
            Files.write(dir.resolve("index.yaml"), IndexYaml.write(index));

            var source = new HelmHttpRepository(HTTP, repo.url(), Optional.of(new Credentials.Basic("reader", "s3cret")));
            assertThat(source.index()).isEqualTo(index);
            assertThat(TestCharts.readAll(source.openChart(index.find("web", "2.0.0").orElseThrow()))).isEqualTo(local.tgz());
            assertThat(source.openProvenance(index.find("web", "2.0.0").orElseThrow()).map(TestCharts::readAll)).contains(local.prov());
            assertThat(TestCharts.readAll(source.openChart(index.find("web", "1.0.0").orElseThrow()))).isEqualTo(remote.tgz());
            assertThat(source.openProvenance(index.find("web", "1.0.0").orElseThrow())).isEmpty();
            assertThat(cdn.authorizedRequests).as("Basic credentials never go to another origin").isEmpty();
            assertThat(repo.authorizedRequests).contains("/charts/stable/index.yaml", "/charts/stable/web-2.0.0.tgz");

            var anonymous = new HelmHttpRepository(HTTP, repo.url(), Optional.empty());
            assertThatThrownBy(anonymous::index).isInstanceOfSatisfying(HelmRepositoryException.Permanent.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.getMessage()).contains("index.yaml").doesNotContain("s3cret");
            });
        }
    }

    @Test
    void pushesClassicChartsAsHelmOciArtifacts() throws Exception {
        var chart = TestCharts.chart("ingress", "4.11.2+up1.0");
        var plain = TestCharts.chart("ingress", "4.10.0");
        Files.write(dir.resolve(chart.fileName()), chart.tgz());
        Files.write(dir.resolve(chart.fileName() + ".prov"), chart.prov());
        Files.write(dir.resolve(plain.fileName()), plain.tgz());
        Files.write(dir.resolve("index.yaml"), IndexYaml.write(IndexFile.empty()
                .with(entry(chart, chart.fileName())).with(entry(plain, plain.fileName()))));
        try (FileChartServer repo = new FileChartServer(dir, "/", null, null)) {
            var source = new HelmHttpRepository(HTTP, repo.url(), Optional.empty());
            var oci = new OciChartDestination(client, Optional.of("charts"));
            List<ChartTask> tasks = REPLICATOR.replicate(source, ChartReplicator.Selection.ALL,
                    List.of(new ChartReplicator.Target("oci", oci)), false);
            assertThat(tasks).extracting(ChartTask::outcome).containsOnly(Outcome.COPIED).hasSize(2);

            JsonNode manifest = JsonMapper.builder().build().readTree(Skopeo.inspectRaw(registry, "charts/ingress:4.11.2_up1.0"));
            assertThat(manifest.get("mediaType").asString()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
            assertThat(manifest.get("config").get("mediaType").asString()).isEqualTo("application/vnd.cncf.helm.config.v1+json");
            assertThat(manifest.get("layers").get(0).get("mediaType").asString())
                    .isEqualTo("application/vnd.cncf.helm.chart.content.v1.tar+gzip");
            assertThat(manifest.get("layers").get(0).get("digest").asString()).isEqualTo(chart.digest().oci());
            assertThat(manifest.get("layers").get(1).get("mediaType").asString())
                    .isEqualTo("application/vnd.cncf.helm.chart.provenance.v1.prov");
            assertThat(manifest.get("annotations").get("org.opencontainers.image.version").asString()).isEqualTo("4.11.2+up1.0");
            assertThat(JsonMapper.builder().build().readTree(Skopeo.inspectRaw(registry, "charts/ingress:4.10.0"))
                    .get("layers").size()).as("no .prov, no provenance layer").isEqualTo(1);

            RepositoryName repoName = RepositoryName.parse("charts/ingress");
            try (var blob = client.openBlob(repoName, Digest.parse(chart.digest().oci()), 0)) {
                assertThat(blob.stream().readAllBytes()).isEqualTo(chart.tgz());
            }
            Digest configDigest = Digest.parse(manifest.get("config").get("digest").asString());
            try (var blob = client.openBlob(repoName, configDigest, 0)) {
                JsonNode config = JsonMapper.builder().build().readTree(blob.stream().readAllBytes());
                assertThat(config.propertyNames()).containsExactly("name", "version", "description", "keywords",
                        "maintainers", "apiVersion", "appVersion", "type");
                assertThat(config.get("name").asString()).isEqualTo("ingress");
                assertThat(config.get("version").asString()).isEqualTo("4.11.2+up1.0");
            }

            assertThat(oci.existing("ingress", "4.11.2+up1.0")).contains(chart.digest());
            List<ChartTask> again = REPLICATOR.replicate(source, ChartReplicator.Selection.ALL,
                    List.of(new ChartReplicator.Target("oci", oci)), false);
            assertThat(again).extracting(ChartTask::outcome).containsOnly(Outcome.SKIPPED).hasSize(2);
        }
    }

    @Test
    void writesThroughTheChartMuseumApi() {
        var v1 = TestCharts.chart("api", "0.3.0");
        var changed = TestCharts.chart("api", "0.3.0", "other");
        try (ChartMuseumContractServer museum = new ChartMuseumContractServer(true, null, null)) {
            var cm = new ChartMuseumRepository(HTTP, museum.url(), Optional.empty());
            assertThat(cm.existing("api", "0.3.0")).isEmpty();
            cm.put(List.of(upload(v1, true)), false);
            assertThat(museum.posts).containsExactly("api-0.3.0.tgz,api-0.3.0.tgz.prov");
            assertThat(cm.existing("api", "0.3.0")).contains(v1.digest());
            assertThat(cm.index().find("api", "0.3.0").orElseThrow().urls()).containsExactly("charts/api-0.3.0.tgz");
            assertThat(TestCharts.readAll(cm.openChart(cm.index().find("api", "0.3.0").orElseThrow()))).isEqualTo(v1.tgz());

            assertThatThrownBy(() -> cm.put(List.of(upload(changed, false)), false))
                    .isInstanceOfSatisfying(HelmRepositoryException.Permanent.class, e -> assertThat(e.status()).isEqualTo(409));
            assertThat(cm.existing("api", "0.3.0")).contains(v1.digest());
            cm.put(List.of(upload(changed, false)), true); // ?force
            assertThat(cm.existing("api", "0.3.0")).contains(changed.digest());

            assertThat(cm.delete("api", "0.3.0")).isTrue();
            assertThat(cm.existing("api", "0.3.0")).isEmpty();
            assertThat(cm.delete("api", "0.3.0")).isFalse();
        }
    }

    private static ChartUpload upload(TestCharts.Packaged c, boolean withProv) {
        SpooledChart tgz = SpooledChart.verified(new java.io.ByteArrayInputStream(c.tgz()), c.digest(), "t", 1 << 20);
        Optional<SpooledChart> prov = withProv ? Optional.of(SpooledChart.provenance(
                new java.io.ByteArrayInputStream(c.prov()), c.digest(), "t", 1 << 20)) : Optional.empty();
        return new ChartUpload(entry(c, c.fileName()), tgz, prov);
    }
}
