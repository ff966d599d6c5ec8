package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.testing.HostileRegistry;
import io.meridian.sync.testing.LocalRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, hostile registries: the real replication job against a source that serves what no honest registry would,
 * next to honest artifacts in the same run, into a real distribution registry. Each hostile artifact fails its task
 * with an error naming the repository or digest and what was wrong, nothing of it is committed at the destination,
 * the honest ones are copied, and the hostile server counts the bytes it was made to send (memory and bandwidth
 * stay bounded: a body is never read beyond its cap).
 */
class HostileSourceTest {

    static final int CAP = 4 * 1024 * 1024;
    static final long HUNDRED_MB = 100L * 1024 * 1024;
    /** What sockets may hold beyond what the client read: loopback send + receive buffers, generously. */
    static final long SOCKET_SLACK = 16L * 1024 * 1024;

    private static EngineFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new EngineFixture(EngineFixture.QUICK);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void refusesEachHostileArtifactWithAClearTaskErrorWhileTheHonestOnesAreCopied() throws Exception {
        try (HostileRegistry src = new HostileRegistry(); LocalRegistry dst = LocalRegistry.anonymous()) {
            Random random = new Random(20261203L);
            Digest good = image(src, "team/good", "v1", random, 10_000, 10_000);

            // 1. a 100 MB manifest (Content-Length declared, then the same without a length: chunked)
            byte[] placeholder = image(src, random, 1000, 1000);
            src.manifest("team/huge", "v1", MediaType.OCI_MANIFEST, placeholder);
            src.manifest("team/huge-chunked", "v1", MediaType.OCI_MANIFEST, placeholder);
            src.on("GET", "/v2/team/huge/manifests/.*", (req, resp) -> resp
                    .header("Content-Type", MediaType.OCI_MANIFEST.value())
                    .sendCounting(200, spaces(), HUNDRED_MB, HUNDRED_MB, src.counter(req.rawUri())));
            src.on("GET", "/v2/team/huge-chunked/manifests/.*", (req, resp) -> resp
                    .header("Content-Type", MediaType.OCI_MANIFEST.value())
                    .sendCounting(200, spaces(), HUNDRED_MB, -1, src.counter(req.rawUri())));

            // 2. an index of 100,000 children (13 MB: the 4 MiB cap is the bound on children, ~40,000 at most)
            List<String> children = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                children.add(HostileRegistry.descriptor(MediaType.OCI_MANIFEST,
                        Digest.sha256Of(Integer.toString(i).getBytes(StandardCharsets.UTF_8)), 500));
            }
            byte[] wide = index(children);
            Digest wideDigest = src.manifest("team/wide", "v1", MediaType.OCI_INDEX, wide);

            // 3. an index referencing itself: its only child's digest is served with the index's own bytes
            Digest claimed = Digest.sha256Of("the child it claims".getBytes(StandardCharsets.UTF_8));
            byte[] self = index(List.of(HostileRegistry.descriptor(MediaType.OCI_INDEX, claimed, 200)));
            src.manifest("team/self", "v1", MediaType.OCI_INDEX, self);
            src.on("GET", "/v2/team/self/manifests/" + claimed, (req, resp) -> resp
                    .header("Content-Type", MediaType.OCI_INDEX.value())
                    .header("Docker-Content-Digest", claimed.toString()).send(200, self));

            // ... and its finite form, the only one content addressing allows: a chain of 10 nested indexes
            Digest below = image(src, "team/deep", null, random, 100, 1000);
            long belowSize = 0;
            MediaType belowType = MediaType.OCI_MANIFEST;
            for (int level = 1; level <= 10; level++) {
                byte[] chained = index(List.of(HostileRegistry.descriptor(belowType, below,
                        level == 1 ? src.manifestSize("team/deep", below) : belowSize)));
                below = src.manifest("team/deep", level == 10 ? "v1" : null, MediaType.OCI_INDEX, chained);
                belowSize = chained.length;
                belowType = MediaType.OCI_INDEX;
            }

            // 4. descriptors whose size lies: the blob has more bytes than declared, and fewer
            byte[] longer = bytes(random, 5000);
            byte[] shorter = bytes(random, 1000);
            Digest longerDigest = src.blob(longer);
            Digest shorterDigest = src.blob(shorter);
            src.manifest("team/size-more", "v1", MediaType.OCI_MANIFEST, manifest(src, random,
                    HostileRegistry.descriptor(MediaType.OCI_LAYER_GZIP, longerDigest, 1000)));
            src.manifest("team/size-less", "v1", MediaType.OCI_MANIFEST, manifest(src, random,
                    HostileRegistry.descriptor(MediaType.OCI_LAYER_GZIP, shorterDigest, 5000)));

            // 5. a tag list whose Link header leads back to itself
            image(src, "team/tags-loop", "v1", random, 1000, 1000);
            src.on("GET", "/v2/team/tags-loop/tags/list", (req, resp) -> resp
                    .header("Link", "</v2/team/tags-loop/tags/list?n=1&last=v1>; rel=\"next\"")
                    .header("Content-Type", "application/json").send(200, "{\"tags\":[\"v1\"]}"));

            fixture.registry("hostile-src", src.endpoint());
            fixture.registry("hostile-dst", dst.endpoint());
            EngineFixture.Run run = fixture.run(EngineFixture.spec("hostile", "hostile-src",
                    List.of(new DestinationSpec("hostile-dst", Optional.empty())), true));

            assertThat(run.status()).as("execution status; tasks: %s", run.tasks()).isEqualTo("PARTIAL");
            assertThat(task(run, "team/good")).containsEntry("state", "COPIED");
            assertFailed(run, "team/huge", "MANIFEST_INVALID", "team/huge", "104857600 bytes, more than the 4194304");
            assertFailed(run, "team/huge-chunked", "MANIFEST_INVALID", "team/huge-chunked", "more than the 4194304");
            assertFailed(run, "team/wide", "MANIFEST_INVALID", wideDigest.toString(), "more than the 4194304");
            assertFailed(run, "team/self", "DIGEST_INVALID", claimed.toString(), "team/self");
            assertFailed(run, "team/deep", "MANIFEST_INVALID", "team/deep", "nested 9 indexes deep, more than the 8");
            assertFailed(run, "team/size-more", "SIZE_INVALID", longerDigest.toString(), "5000 bytes");
            assertFailed(run, "team/size-less", "SIZE_INVALID", shorterDigest.toString(), "1000 bytes");
            assertFailed(run, "team/tags-loop", "REGISTRY_ERROR", "team/tags-loop", "pagination loop");

            // memory and bandwidth: no body was read beyond its cap
            long huge = src.bytesSent("/v2/team/huge/manifests/");
            long chunked = src.bytesSent("/v2/team/huge-chunked/manifests/");
            long wideSent = src.bytesSent("/v2/team/wide/manifests/" + wideDigest);
            System.out.printf("hostile bytes sent: 100 MB manifest %d, chunked %d, 100,000-child index (%d bytes) %d,"
                    + " longer blob %d, shorter blob %d%n", huge, chunked, wide.length, wideSent,
                    src.bytesSent(longerDigest.toString()), src.bytesSent(shorterDigest.toString()));
            assertThat(huge).as("bytes of the 100 MB manifest sent").isLessThan(SOCKET_SLACK);
            assertThat(chunked).as("bytes of the chunked 100 MB manifest sent").isLessThan(CAP + SOCKET_SLACK);
            assertThat(wideSent).as("bytes of the 13 MB index sent").isLessThan(wide.length);
            assertThat(src.received("GET", "/v2/team/huge/manifests/")).as("GETs of the huge manifest").hasSize(1);
            assertThat(src.received("GET", "/v2/team/size-more/blobs/" + longerDigest)).as("GETs of the longer blob").hasSize(1);
            assertThat(src.received("GET", "/v2/team/size-less/blobs/" + shorterDigest)).as("GETs of the shorter blob").hasSize(1);

            // nothing of a refused artifact is committed at the destination; the honest one is there
            try (RegistryClient atDst = new RegistryClient(fixture.transport, dst.endpoint())) {
                assertThat(atDst.headManifest(RepositoryName.parse("team/good"), Reference.tag("v1")))
                        .hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(good));
                for (String repo : List.of("team/huge", "team/huge-chunked", "team/wide", "team/self", "team/deep",
                        "team/size-more", "team/size-less", "team/tags-loop")) {
                    assertThat(atDst.headManifest(RepositoryName.parse(repo), Reference.tag("v1"))).as(repo).isEmpty();
                }
                assertThat(atDst.headBlob(RepositoryName.parse("team/size-more"), longerDigest)).isEmpty();
                assertThat(atDst.headBlob(RepositoryName.parse("team/size-less"), shorterDigest)).isEmpty();
            }
        }
    }

    @Test
    void aCatalogWhoseLinkHeaderLoopsFailsThePlanNamingTheLoopAndCopiesNothing() throws Exception {
        try (HostileRegistry src = new HostileRegistry(); LocalRegistry dst = LocalRegistry.anonymous()) {
            Random random = new Random(11);
            image(src, "team/a", "v1", random, 100, 1000);
            image(src, "team/b", "v1", random, 100, 1000);
            src.on("GET", "/v2/_catalog", (req, resp) -> {
                boolean second = req.rawUri().contains("last=");
                resp.header("Link", second ? "</v2/_catalog?n=1000>; rel=\"next\""
                                : "</v2/_catalog?last=team%2Fa&n=1000>; rel=\"next\"")
                        .header("Content-Type", "application/json")
                        .send(200, "{\"repositories\":[\"" + (second ? "team/b" : "team/a") + "\"]}");
            });
            fixture.registry("catalog-loop-src", src.endpoint());
            fixture.registry("catalog-loop-dst", dst.endpoint());

            EngineFixture.Run run = fixture.run(EngineFixture.spec("catalog-loop", "catalog-loop-src",
                    List.of(new DestinationSpec("catalog-loop-dst", Optional.empty())), true));

            assertThat(run.status()).isEqualTo("FAILED");
            assertThat((String) run.row().get("error")).contains("catalog").contains("pagination loop");
            assertThat(src.received("GET", "/v2/_catalog")).as("catalog pages asked for").hasSize(2);
            assertThat(run.tasks()).isEmpty();
        }
    }

    /**
     * The registry refuses its token for the content of one repository (revoked) and its token service then never
     * answers: those tasks fail naming the token request and its timeout, the rest are copied, every thread is back.
     * Before the fix every caller waiting for the same scope's token sent its own request after the previous one timed
     * out — 12 artifacts × 3 guarded attempts × 2 chunk attempts = 72 silent token requests, 2 s each, one after another
     * (144 s); now the callers waiting for one scope share each failed request's answer.
     */
    @Test
    void aTokenServiceThatNeverAnswersFailsOnlyTheTasksNeedingItWithinItsTimeoutAndLeavesNoThreadWaiting()
            throws Exception {
        // a breaker that never opens, so that every task shows what the token service did
        try (EngineFixture lenient = new EngineFixture(new io.meridian.sync.resilience.ResilienceSettings(3,
                java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(200), 64, java.time.Duration.ofMinutes(1),
                100f, 100_000, java.time.Duration.ofSeconds(30), 0), new ReplicationJobSettings(16, 3));
             HostileRegistry src = new HostileRegistry(); LocalRegistry dst = LocalRegistry.anonymous()) {
            Random random = new Random(13);
            Digest good = image(src, "team/good", "v1", random, 100, 5000);
            for (int i = 0; i < 12; i++) {
                image(src, "team/silent", "v" + i, random, 100, 1000);
            }
            java.util.concurrent.atomic.AtomicBoolean revoked = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger silentRequests = new java.util.concurrent.atomic.AtomicInteger();
            src.on("GET", "/token", (req, resp) -> {
                if (revoked.get() && req.rawUri().contains("team%2Fsilent")) {
                    silentRequests.incrementAndGet();
                    resp.hang();
                    return;
                }
                resp.header("Content-Type", "application/json").send(200, "{\"token\":\"ok\",\"expires_in\":600}");
            });
            src.bearer((method, path, authorization) -> {
                if ("GET".equals(method) && path.startsWith("/v2/team/silent/manifests/")) {
                    revoked.set(true);
                    return false;
                }
                return "Bearer ok".equals(authorization);
            });
            io.meridian.sync.oci.OciTransport twoSeconds = io.meridian.sync.oci.OciTransport.create(
                    io.meridian.sync.oci.OciTransport.Settings.defaults()
                            .withRequestTimeout(java.time.Duration.ofSeconds(2)));
            lenient.registry("token-src", src.endpoint(), twoSeconds);
            lenient.registry("token-dst", dst.endpoint());

            EngineFixture.Run run = lenient.run(EngineFixture.spec("token", "token-src",
                    List.of(new DestinationSpec("token-dst", Optional.empty())), true));

            assertThat(run.status()).as("tasks: %s", run.tasks()).isEqualTo("PARTIAL");
            assertThat(run.tasksIn("COPIED")).isEqualTo(1);
            assertThat(run.tasksIn("FAILED")).isEqualTo(12);
            for (Map<String, Object> task : run.tasks()) {
                if ("team/silent".equals(task.get("source_repository"))) {
                    assertThat((String) task.get("error_message")).contains("fetch token from " + src.url() + "/token")
                            .contains("repository:team/silent:pull").contains("no answer within 2000 ms");
                }
            }
            System.out.printf("silent token service: %d token requests for 12 artifacts%n", silentRequests.get());
            assertThat(silentRequests.get()).as("token requests the silent service received").isLessThanOrEqualTo(12);
            assertThat(Thread.getAllStackTraces().entrySet()).as("threads still fetching a token")
                    .noneMatch(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().contains("oci.auth.")));
            try (RegistryClient atDst = new RegistryClient(lenient.transport, dst.endpoint())) {
                assertThat(atDst.headManifest(RepositoryName.parse("team/good"), Reference.tag("v1")))
                        .hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(good));
                for (int i = 0; i < 12; i++) {
                    assertThat(atDst.headManifest(RepositoryName.parse("team/silent"), Reference.tag("v" + i))).isEmpty();
                }
            }
        }
    }

    private static void assertFailed(EngineFixture.Run run, String repo, String code, String... mentions) {
        Map<String, Object> task = task(run, repo);
        assertThat(task).as(repo).containsEntry("state", "FAILED").containsEntry("error_code", code);
        assertThat((String) task.get("error_message")).as(repo + " error message").contains(mentions);
    }

    private static Map<String, Object> task(EngineFixture.Run run, String repo) {
        List<Map<String, Object>> tasks = run.tasks().stream().filter(t -> repo.equals(t.get("source_repository")))
                .toList();
        assertThat(tasks).as("tasks of " + repo + " in " + run.tasks()).hasSize(1);
        return tasks.get(0);
    }

    /** An honest image (config + one layer) under {@code repo:tag}; returns its digest. */
    static Digest image(HostileRegistry src, String repo, String tag, Random random, int config, int layer) {
        return src.manifest(repo, tag, MediaType.OCI_MANIFEST, image(src, random, config, layer));
    }

    static byte[] image(HostileRegistry src, Random random, int config, int layer) {
        byte[] l = bytes(random, layer);
        return manifest(src, random, HostileRegistry.descriptor(MediaType.OCI_LAYER_GZIP, src.blob(l), l.length));
    }

    static byte[] manifest(HostileRegistry src, Random random, String layer) {
        byte[] c = ("{\"seed\":" + random.nextLong() + "}").getBytes(StandardCharsets.UTF_8);
        return HostileRegistry.imageManifest(HostileRegistry.descriptor(MediaType.OCI_CONFIG, src.blob(c), c.length),
                List.of(layer));
    }

    static byte[] index(List<String> children) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX.value() + "\",\"manifests\":["
                + String.join(",", children) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Endless JSON whitespace. */
    static InputStream spaces() {
        return new InputStream() {
            @Override
            public int read() {
                return ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) ' ');
                return len;
            }
        };
    }
}
