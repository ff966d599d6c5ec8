package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.bench.wan.DelayProxy;
import io.meridian.regions.EndpointKind;
import io.meridian.regions.paths.PathRule;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.testing.LinkSwitch;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.transfer.EndpointChoice;
import io.meridian.sync.transfer.EndpointProbe;
import io.meridian.sync.transfer.GuardedRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 end to end on real registries: one destination reached by two endpoints through the bench harness's WAN
 * emulation ({@link DelayProxy}): its url over a 150 ms RTT path capped at 4 MB/s per connection, an accelerated
 * endpoint over 20 ms unthrottled (behind a {@link LinkSwitch} that can cut it), and a VPC endpoint reachable only
 * from another region. This node runs in region "ldn".
 */
class EndpointPathsTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EndpointPathsTest.class);
    private static final long SEED = 20261203L;
    /** Breakers open after 4 calls at 50 % failures and half-open after 1 s. */
    private static final ResilienceSettings SETTINGS = new ResilienceSettings(3, Duration.ofMillis(50),
            Duration.ofMillis(200), 64, Duration.ofMinutes(1), 50f, 4, Duration.ofSeconds(1), 0);
    private static final int LAYER = 3 * 1024 * 1024 / 2; // 1.5 MiB: every layer is a throughput sample

    private static EngineFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new EngineFixture(SETTINGS, new ReplicationJobSettings(4, 4), new EndpointChoice(Optional.of("ldn")));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void fastEndpointCarriesTheBytesFailsOverWhenCutAndIsUsedAgainWhenRestored() throws Exception {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             DelayProxy slow = new DelayProxy(at(dst), Duration.ofMillis(75), 4_000_000, 256 * 1024);
             CountingProxy slowRequests = new CountingProxy(slow.port());
             DelayProxy fastLine = new DelayProxy(at(dst), Duration.ofMillis(10), 0, 1 << 20);
             CountingProxy fastRequests = new CountingProxy(fastLine.port());
             LinkSwitch fast = new LinkSwitch(fastRequests.port());
             DelayProxy vpc = new DelayProxy(at(dst), Duration.ZERO, 0, 1 << 20)) {
            fixture.registry("paths-src", src.endpoint());
            GuardedRegistry destination = fixture.registry("paths-dst", url(slowRequests.url()), List.of(
                    new EngineFixture.Endpoint("fast", EndpointKind.ACCELERATED, List.of(), url(fast.url())),
                    new EngineFixture.Endpoint("vpc", EndpointKind.VPC, List.of("hz"), url("http://" + vpc.hostPort()))));
            SampleImages images = new SampleImages(new RegistryClient(fixture.transport, src.endpoint()), SEED);
            EndpointProbe probe = new EndpointProbe(new EndpointChoice(Optional.of("ldn")), Clock.systemUTC());
            probe.probe(destination, Optional.empty()); // as the scheduled probe does: RTTs before the first run

            // 1. the accelerated endpoint carries the bytes; the VPC endpoint of region hz is never touched
            push(images, "team-one", 4);
            long slowBefore = slowRequests.total();
            long fastBefore = fastRequests.total();
            EngineFixture.Run first = fixture.run(spec());
            assertThat(first.status()).isEqualTo("SUCCEEDED");
            Map<String, Long> bytes = byEndpoint(first.id());
            // every request of the run, not only the bytes: plan HEADs, blob HEADs, upload sessions, manifest PUTs
            long viaFast = fastRequests.total() - fastBefore;
            long viaUrl = slowRequests.total() - slowBefore;
            String requests = "requests to the destination in run 1: fast " + kinds(fastRequests, fastBefore)
                    + ", default " + kinds(slowRequests, slowBefore);
            assertThat(share(bytes, "fast")).as("share of bytes over the fast endpoint: " + bytes + "; " + requests
                    + "; estimates " + fixture.estimates.snapshot()).isGreaterThanOrEqualTo(0.9);
            assertThat(viaFast + viaUrl).as(requests).isGreaterThanOrEqualTo(4 * 8);
            assertThat((double) viaFast / (viaFast + viaUrl)).as(requests).isGreaterThanOrEqualTo(0.9);
            assertThat(fastRequests.count("HEAD", "/blobs/")).as(requests).isPositive();
            assertThat(fastRequests.count("PUT", "/manifests/")).as(requests).isGreaterThanOrEqualTo(4);
            LOG.info("run 1: {}; bytes {}; estimates {}", requests, bytes, fixture.estimates.snapshot());
            assertThat(vpc.connections()).as("connections to the hz-only VPC endpoint from an ldn node").isZero();
            assertThat(paths(first.id(), "destination")).containsOnly("paths-dst/fast");
            assertThat(paths(first.id(), "reason")).allMatch(r -> r.startsWith("fast ") && r.contains(" vs default "));
            LOG.info("run 1: bytes by endpoint {}, reasons {}", bytes, new java.util.TreeSet<>(paths(first.id(), "reason")));

            // 2. cut the fast endpoint mid-run: the run still succeeds, over the url, with fail-overs recorded
            // the scheduled probe between runs measures both endpoints alike (RTT, and throughput from a blob Meridian
            // knows there): on a loaded machine the endpoint that carried run 1 is otherwise judged by samples taken
            // under that load, the other by a quiet probe
            probe.probe(destination, knownBlob(destination));
            push(images, "team-two", 8);
            UUID id = UUID.randomUUID();
            long before = fast.bytesToTarget();
            CompletableFuture<EngineFixture.Run> second = CompletableFuture.supplyAsync(() -> fixture.run(spec(), id));
            try {
                EngineFixture.await(Duration.ofSeconds(60), "a quarter of the second run over the fast endpoint",
                        () -> fast.bytesToTarget() - before > 8L * 2 * LAYER / 4);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; estimates " + fixture.estimates.snapshot(), e);
            }
            long urlRequestsAtCut = slowRequests.total();
            fast.cut();
            EngineFixture.Run cut = second.get();
            assertThat(cut.status()).isEqualTo("SUCCEEDED");
            Map<String, Long> cutBytes = byEndpoint(id);
            assertThat(cutBytes.getOrDefault("default", 0L)).as("bytes over the url after the cut: " + cutBytes).isPositive();
            long failovers = fixture.jdbc.queryForObject("SELECT sum((path->>'failovers')::int) FROM tasks"
                    + " WHERE execution_id = ?", Long.class, id);
            assertThat(failovers).as("fail-overs recorded on the tasks").isPositive();
            assertThat(fixture.jdbc.queryForObject("SELECT count(*) FROM tasks WHERE execution_id = ?"
                    + " AND state = 'COPIED'", Long.class, id)).isEqualTo(8);
            LOG.info("run 2 (fast cut): small requests failed over {}, requests to default after the cut {}",
                    fixture.meters.find("meridian.endpoint.failovers").counters().stream()
                            .mapToDouble(io.micrometer.core.instrument.Counter::count).sum(),
                    kinds(slowRequests, urlRequestsAtCut));
            LOG.info("run 2 (fast cut): bytes by endpoint {}, failovers {}, paths {}", cutBytes, failovers,
                    fixture.jdbc.queryForList("SELECT path::text FROM tasks WHERE execution_id = ?"
                            + " AND (path->>'failovers')::int > 0 LIMIT 1", String.class, id));

            // 3. restore it: once its breaker half-opens, the probe closes it, and the next run uses it again
            fast.restore();
            CircuitBreaker.State[] state = {null};
            EngineFixture.await(Duration.ofSeconds(30), "the fast endpoint's breaker to leave OPEN", () -> {
                state[0] = fixture.guards.forEndpoint("paths-dst", "fast").circuitState();
                return state[0] != CircuitBreaker.State.OPEN;
            });
            List<EndpointProbe.Result> probed = probe.probe(destination, knownBlob(destination));
            assertThat(probed).filteredOn(r -> r.endpoint().equals("vpc")).extracting(EndpointProbe.Result::skipped)
                    .containsExactly("not usable from this node");
            assertThat(vpc.connections()).isZero();
            push(images, "team-three", 4);
            EngineFixture.Run third = fixture.run(spec());
            assertThat(third.status()).isEqualTo("SUCCEEDED");
            Map<String, Long> after = byEndpoint(third.id());
            assertThat(share(after, "fast")).as("share over the restored fast endpoint: " + after + ", probe " + probed
                            + ", estimates " + fixture.estimates.snapshot() + ", reasons "
                            + new java.util.HashSet<>(paths(third.id(), "reason")))
                    .isGreaterThanOrEqualTo(0.9);
            LOG.info("run 3 (fast restored): bytes by endpoint {}, estimates {}", after, fixture.estimates.snapshot());

            // 4. a policy that requires the VPC endpoint, which this ldn node may not use: NO_PATH, naming why
            fixture.pathRules.put("paths-dst", new PathRule(List.of("vpc"), List.of()));
            try {
                push(images, "team-four", 1);
                EngineFixture.Run noPath = fixture.run(spec());
                List<Map<String, Object>> failed = fixture.jdbc.queryForList("SELECT error_code, error_message"
                        + " FROM tasks WHERE execution_id = ? AND state = 'FAILED'", noPath.id());
                assertThat(failed).isNotEmpty().allSatisfy(t -> {
                    assertThat(t.get("error_code")).isEqualTo("NO_PATH");
                    assertThat((String) t.get("error_message")).contains("vpc: not reachable from region ldn")
                            .contains("default: not in paths.require [vpc]");
                });
                assertThat(vpc.connections()).isZero();
            } finally {
                fixture.pathRules.clear();
            }
        }
    }

    /** Requests seen by {@code proxy} after the first {@code from}, by method and kind: {@code HEAD blobs=12}. */
    private static Map<String, Long> kinds(CountingProxy proxy, long from) {
        return proxy.seen().stream().skip(from).map(CountingProxy.Seen::line).collect(Collectors.groupingBy(line -> {
            String method = line.substring(0, line.indexOf(' '));
            String kind = line.contains("/blobs/uploads/") ? "uploads" : line.contains("/blobs/") ? "blobs"
                    : line.contains("/manifests/") ? "manifests" : line.contains("/tags/") ? "tags" : "other";
            return method + " " + kind;
        }, java.util.TreeMap::new, Collectors.counting()));
    }

    /**
     * An https endpoint reached through a forward proxy ({@code CONNECT}) and trusted through its CA bundle, on a real
     * docker-registry serving TLS with a certificate of a private CA: it carries the replication, every connection to
     * it a CONNECT tunnel through the proxy, rather than the url (the same registry over a 150 ms RTT line, TLS
     * relayed).
     */
    @Test
    void httpsEndpointThroughAForwardProxyWithACaBundleCarriesTheReplication() throws Exception {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.builder().tls().start();
             DelayProxy slow = new DelayProxy(at(dst), Duration.ofMillis(75), 4_000_000, 256 * 1024);
             io.meridian.sync.testing.ForwardProxy egress = new io.meridian.sync.testing.ForwardProxy()) {
            fixture.registry("tls-src", src.endpoint());
            RegistryEndpoint viaProxy = new RegistryEndpoint(java.net.URI.create(dst.url()), false,
                    Credentials.anonymous(), Optional.of(dst.caBundle()), Optional.of(egress.address()));
            GuardedRegistry destination = fixture.registry("tls-dst", new RegistryEndpoint(java.net.URI.create("https://127.0.0.1:" + slow.port()),
                    false, Credentials.anonymous(), Optional.of(dst.caBundle())), List.of(
                    new EngineFixture.Endpoint("egress", EndpointKind.ACCELERATED, List.of(), viaProxy)));
            SampleImages images = new SampleImages(new RegistryClient(fixture.transport, src.endpoint()), SEED + 1);
            push(images, "team-tls", 2);
            // as the scheduled probe does before a run: both endpoints measured alike (a first sample of either
            // pays its TLS handshake), so neither is judged against the other's prior
            new EndpointProbe(new EndpointChoice(Optional.of("ldn")), Clock.systemUTC()).probe(destination,
                    Optional.empty());

            EngineFixture.Run run = fixture.run(EngineFixture.spec("tls", "tls-src",
                    List.of(new DestinationSpec("tls-dst", Optional.empty())), false));

            assertThat(run.status()).isEqualTo("SUCCEEDED");
            assertThat(byEndpoint(run.id())).as("paths " + fixture.jdbc.queryForList("SELECT path::text FROM tasks"
                    + " WHERE execution_id = ?", String.class, run.id()) + ", estimates " + fixture.estimates.snapshot()
                    + ", tunnels " + egress.firstLines()).containsKey("egress");
            assertThat(share(byEndpoint(run.id()), "egress")).as("share of bytes over the proxied endpoint "
                    + byEndpoint(run.id())).isGreaterThanOrEqualTo(0.9);
            assertThat(paths(run.id(), "destination")).hasSize(2).containsOnly("tls-dst/egress");
            RegistryClient check = new RegistryClient(fixture.transport, dst.endpoint());
            for (int i = 0; i < 2; i++) {
                assertThat(check.listTags(RepositoryName.parse("team-tls-" + i + "/app"))).containsExactly("v1");
            }
            String port = dst.url().substring(dst.url().lastIndexOf(':') + 1);
            assertThat(egress.firstLines()).isNotEmpty().allMatch(l -> l.equals("CONNECT 127.0.0.1:" + port + " HTTP/1.1"));
            LOG.info("https through a CONNECT proxy: bytes by endpoint {}, paths {}, tunnels {}", byEndpoint(run.id()),
                    fixture.jdbc.queryForList("SELECT path::text FROM tasks WHERE execution_id = ? LIMIT 1",
                            String.class, run.id()), egress.firstLines().size());
        }
    }

    /** A blob of at least 1 MiB Meridian knows at {@code registry} (blob_locations), as the scheduled probe finds one. */
    private static Optional<EndpointProbe.KnownBlob> knownBlob(GuardedRegistry registry) {
        Map<String, Object> known = fixture.jdbc.queryForMap("SELECT repository, digest, size FROM blob_locations"
                + " WHERE registry_id = ? AND size >= 1048576 ORDER BY repository, digest LIMIT 1", registry.id());
        return Optional.of(new EndpointProbe.KnownBlob(RepositoryName.parse((String) known.get("repository")),
                io.meridian.sync.oci.Digest.parse((String) known.get("digest")), ((Number) known.get("size")).longValue()));
    }

    private static InetSocketAddress at(LocalRegistry registry) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), registry.port());
    }

    private static RegistryEndpoint url(String url) {
        return RegistryEndpoint.insecure(url, Credentials.anonymous());
    }

    private static io.meridian.sync.plan.PlanSpec spec() {
        return EngineFixture.spec("paths", "paths-src", List.of(new DestinationSpec("paths-dst", Optional.empty())),
                false);
    }

    /** {@code count} images of two 1.5 MiB layers in {@code <prefix>-<i>/app}. */
    private static void push(SampleImages images, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            RepositoryName repo = RepositoryName.parse(prefix + "-" + i + "/app");
            images.image(repo, "v1", List.of(images.layer(repo, LAYER), images.layer(repo, LAYER)));
        }
    }

    private static Map<String, Long> byEndpoint(UUID id) {
        return fixture.jdbc.queryForList("SELECT endpoint, bytes_written FROM execution_endpoint_bytes"
                + " WHERE execution_id = ?", id).stream().collect(Collectors.toMap(r -> (String) r.get("endpoint"),
                r -> ((Number) r.get("bytes_written")).longValue()));
    }

    private static double share(Map<String, Long> bytes, String endpoint) {
        long total = bytes.values().stream().mapToLong(Long::longValue).sum();
        return total == 0 ? 0 : (double) bytes.getOrDefault(endpoint, 0L) / total;
    }

    private static List<String> paths(UUID id, String field) {
        return fixture.jdbc.queryForList("SELECT path->>'" + field + "' FROM tasks WHERE execution_id = ?",
                String.class, id);
    }
}
