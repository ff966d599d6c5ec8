package io.meridian.sync.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.sync.helm.ChartTask.Outcome;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Charts replicated into and out of a real S3-compatible server (S3Mock from Maven Central, its own process) through
 * the AWS SDK v2 client, from a real HTTP chart repository serving packaged charts from files.
 */
class S3ChartRepositoryTest {

    private static S3MockServer server;
    private static S3Client s3;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ChartReplicator REPLICATOR = new ChartReplicator(64L << 20, 50);

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = new S3MockServer("charts", "mirror", "race", "guarded", "source");
        s3 = S3Clients.create(server.settings("charts", ""));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Writes charts and an index.yaml (relative urls, as {@code helm repo index} does) into {@code dir}. */
    private FileChartServer httpRepository(List<TestCharts.Packaged> charts, boolean withProv) throws Exception {
        IndexFile index = IndexFile.empty();
        for (TestCharts.Packaged c : charts) {
            Files.write(dir.resolve(c.fileName()), c.tgz());
            if (withProv) {
                Files.write(dir.resolve(c.fileName() + ".prov"), c.prov());
            }
            JsonNode meta = YAMLMapper.builder().build().readTree(c.chartYaml());
            index = index.with(ChartVersion.of(meta, c.fileName()).at(List.of(c.fileName()), java.time.Instant.now(), c.digest()));
        }
        Files.write(dir.resolve("index.yaml"), IndexYaml.write(index.generatedAt(java.time.Instant.now())));
        return new FileChartServer(dir, "/stable", null, null);
    }

    private byte[] object(String bucket, String key) {
        return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
    }

    private List<String> keys(String bucket) {
        return s3.listObjectsV2(ListObjectsV2Request.builder().bucket(bucket).build()).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    @Test
    void copiesAnHttpRepositoryIntoABucketWithProvenanceAndAHelmIndex() throws Exception {
        var nginx1 = TestCharts.chart("nginx", "1.2.0");
        var nginx2 = TestCharts.chart("nginx", "1.10.0+build.7");
        var redis = TestCharts.chart("redis", "17.0.0");
        var skipped = TestCharts.chart("internal-tool", "0.1.0");
        try (FileChartServer http = httpRepository(List.of(nginx1, nginx2, redis, skipped), true)) {
            var source = new HelmHttpRepository(HTTP, http.url(), Optional.empty());
            var dest = new S3ChartRepository(s3, server.settings("mirror", "team/stable/"));
            var selection = ChartReplicator.Selection.filtering(n -> !n.startsWith("internal"), v -> true);

            List<ChartTask> tasks = REPLICATOR.replicate(source, selection, List.of(new ChartReplicator.Target("s3", dest)), false);

            assertThat(tasks).extracting(ChartTask::repository, ChartTask::reference, ChartTask::outcome).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("nginx", "1.10.0+build.7", Outcome.COPIED),
                    org.assertj.core.groups.Tuple.tuple("nginx", "1.2.0", Outcome.COPIED),
                    org.assertj.core.groups.Tuple.tuple("redis", "17.0.0", Outcome.COPIED));
            assertThat(tasks).filteredOn(t -> t.repository().equals("redis")).first()
                    .extracting(ChartTask::digest).isEqualTo(Optional.of(redis.digest().oci()));
            assertThat(keys("mirror")).containsExactly("team/stable/index.yaml",
                    "team/stable/nginx-1.10.0+build.7.tgz", "team/stable/nginx-1.10.0+build.7.tgz.prov",
                    "team/stable/nginx-1.2.0.tgz", "team/stable/nginx-1.2.0.tgz.prov",
                    "team/stable/redis-17.0.0.tgz", "team/stable/redis-17.0.0.tgz.prov");
            assertThat(object("mirror", "team/stable/nginx-1.2.0.tgz")).isEqualTo(nginx1.tgz());
            assertThat(object("mirror", "team/stable/redis-17.0.0.tgz.prov")).isEqualTo(redis.prov());

            // the index, read with a plain YAML library, follows Helm's schema
            JsonNode index = YAMLMapper.builder().build().readTree(object("mirror", "team/stable/index.yaml"));
            assertThat(index.get("apiVersion").asString()).isEqualTo("v1");
            assertThat(index.get("generated").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            JsonNode nginx = index.get("entries").get("nginx");
            assertThat(nginx.size()).isEqualTo(2);
            assertThat(nginx.get(0).get("version").asString()).as("newest first").isEqualTo("1.10.0+build.7");
            assertThat(nginx.get(0).get("digest").asString()).isEqualTo(nginx2.digest().hex());
            assertThat(nginx.get(0).get("urls").get(0).asString()).isEqualTo("nginx-1.10.0+build.7.tgz");
            assertThat(nginx.get(0).get("created").asString()).isNotBlank();
            assertThat(nginx.get(0).get("apiVersion").asString()).isEqualTo("v2");
            assertThat(nginx.get(0).get("maintainers").get(0).get("email").asString()).isEqualTo("ops@example.com");
            assertThat(index.get("entries").has("internal-tool")).isFalse();

            // a second run finds every version there with the same digest: nothing downloaded
            int before = http.requests.size();
            List<ChartTask> again = REPLICATOR.replicate(source, selection,
                    List.of(new ChartReplicator.Target("s3", new S3ChartRepository(s3, server.settings("mirror", "team/stable")))), false);
            assertThat(again).extracting(ChartTask::outcome).containsOnly(Outcome.SKIPPED).hasSize(3);
            assertThat(http.requests.subList(before, http.requests.size())).containsExactly("GET /stable/index.yaml");
        }
    }

    @Test
    void aChartThatDoesNotMatchItsDigestIsNotWritten() throws Exception {
        var good = TestCharts.chart("good", "1.0.0");
        var bad = TestCharts.chart("bad", "1.0.0");
        try (FileChartServer http = httpRepository(List.of(good, bad), false)) {
            Files.write(dir.resolve(bad.fileName()), TestCharts.chart("bad", "1.0.0", "tampered").tgz()); // served bytes differ
            var dest = new S3ChartRepository(s3, server.settings("guarded", ""));
            List<ChartTask> tasks = REPLICATOR.replicate(new HelmHttpRepository(HTTP, http.url(), Optional.empty()),
                    ChartReplicator.Selection.ALL, List.of(new ChartReplicator.Target("s3", dest)), false);

            assertThat(tasks).filteredOn(t -> t.repository().equals("bad")).singleElement().satisfies(t -> {
                assertThat(t.outcome()).isEqualTo(Outcome.FAILED);
                assertThat(t.message()).contains("index.yaml says " + bad.digest().shortForm()).contains("nothing written");
            });
            assertThat(keys("guarded")).containsExactly("good-1.0.0.tgz", "index.yaml");
            assertThat(dest.index().find("bad", "1.0.0")).isEmpty();
        }
    }

    @Test
    void aLostConditionalWriteIsReReadAndMerged() {
        var mine = TestCharts.chart("mine", "1.0.0");
        var theirs = TestCharts.chart("theirs", "2.0.0");
        AtomicBoolean raced = new AtomicBoolean();
        S3ChartRepository other = new S3ChartRepository(s3, server.settings("race", "repo"));
        // between our read and our conditional write, another writer adds its chart (and changes the ETag)
        S3ChartRepository me = new S3ChartRepository(s3, server.settings("race", "repo"), Clock.systemUTC(), () -> {
            if (raced.compareAndSet(false, true)) {
                other.put(List.of(upload(theirs)), false);
            }
        });

        me.put(List.of(upload(mine)), false);

        assertThat(me.lostRaces()).as("the first conditional write must have been refused (412)").isEqualTo(1);
        IndexFile index = IndexYaml.parse(object("race", "repo/index.yaml"), "race");
        assertThat(index.find("mine", "1.0.0").flatMap(ChartVersion::digest)).contains(mine.digest());
        assertThat(index.find("theirs", "2.0.0").flatMap(ChartVersion::digest)).contains(theirs.digest());
    }

    @Test
    void theServerRefusesAStaleIfMatch() {
        // the property the merge loop relies on, checked directly against the server used here
        s3.putObject(PutObjectRequest.builder().bucket("race").key("probe").build(), RequestBody.fromString("one"));
        assertThatThrownBy(() -> s3.putObject(PutObjectRequest.builder().bucket("race").key("probe")
                .ifMatch("\"00000000000000000000000000000000\"").build(), RequestBody.fromString("two")))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(new String(object("race", "probe"), StandardCharsets.UTF_8)).isEqualTo("one");
    }

    @Test
    void aBucketIsAlsoASourceAndItsChartsReachChartMuseum() throws Exception {
        var app = TestCharts.chart("app", "3.1.4");
        var source = new S3ChartRepository(s3, server.settings("source", "public"));
        source.put(List.of(new ChartUpload(entry(app), spool(app.tgz(), app.digest()),
                Optional.of(spool(app.prov(), TestCharts.sha256(app.prov()))))), false);
        try (ChartMuseumContractServer museum = new ChartMuseumContractServer(false, "cm", "cm-pass")) {
            var dest = new ChartMuseumRepository(HTTP, museum.url(), Optional.of(new io.meridian.sync.oci.Credentials.Basic("cm", "cm-pass")));
            List<ChartTask> tasks = REPLICATOR.replicate(source, ChartReplicator.Selection.ALL,
                    List.of(new ChartReplicator.Target("museum", dest)), false);
            assertThat(tasks).singleElement().satisfies(t -> assertThat(t.outcome()).as(t.message()).isEqualTo(Outcome.COPIED));
            assertThat(museum.objects.get("app-3.1.4.tgz").content()).isEqualTo(app.tgz());
            assertThat(museum.objects.get("app-3.1.4.tgz.prov").content()).isEqualTo(app.prov());
            assertThat(dest.existing("app", "3.1.4")).contains(app.digest());
        }
    }

    private static ChartVersion entry(TestCharts.Packaged c) {
        return ChartVersion.of(YAMLMapper.builder().build().readTree(c.chartYaml()), c.fileName());
    }

    private static SpooledChart spool(byte[] bytes, ChartDigest digest) {
        return SpooledChart.verified(new java.io.ByteArrayInputStream(bytes), digest, "test", 1 << 20);
    }

    private static ChartUpload upload(TestCharts.Packaged c) {
        return new ChartUpload(entry(c), spool(c.tgz(), c.digest()), Optional.empty());
    }
}
