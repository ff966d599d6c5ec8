package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.ClientOptions;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.testing.FaultProxy;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.RandomFaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 9's fault run: a replication of many artifacts (images with shared and own layers, multi-arch indexes,
 * cosign signatures, Helm charts, some layers of 600 KiB) with ~8 % of the requests on <b>both sides</b> faulted at
 * random ({@link RandomFaults}: 503/502, 429 with Retry-After, resets before and in the middle of a body, bodies cut
 * short, bodies that stall past the client's read-idle timeout (1 s here), one flipped byte in a downloaded or uploaded body, uploads applied with the answer lost) must end SUCCEEDED
 * in one run; every destination manifest and blob is then downloaded and hashed, and a watcher reading the
 * destinations throughout never sees a tag whose manifest, children or blobs are missing. Run bounded by
 * {@link RandomFaultsTest} in the test command and at full size by {@link RandomFaultsSoak}.
 */
final class FaultRun {

    private static final double RATE = 0.08;
    /** Clients give up on a body that sends nothing for this long; some faulted GET bodies stall for longer. */
    private static final ClientOptions CLIENT = ClientOptions.defaults().withReadIdleTimeout(Duration.ofSeconds(1));
    private static final Duration STALL = Duration.ofMillis(1500);
    /** {@code -Dmeridian.faults.seed=S} replays a seed (the seed is in every failure message). */
    static final long SEED = Long.getLong("meridian.faults.seed", System.nanoTime());
    /** The production defaults (4 attempts, breaker at 50 % of the last 100 calls, judged from 20), shorter waits. */
    private static final ResilienceSettings SETTINGS = new ResilienceSettings(4, Duration.ofMillis(50),
            Duration.ofSeconds(1), 64, Duration.ofMinutes(10), ResilienceSettings.DEFAULTS.failureRateThreshold(),
            ResilienceSettings.DEFAULTS.minimumCalls(), Duration.ofSeconds(30), 0);

    private FaultRun() {
    }

    /**
     * Replicates {@code repositories} × ({@code perRepository} image tags + 2 charts) under random faults to
     * {@code destinationCount} destinations and checks everything the class comment promises.
     */
    static void replicateUnderFaults(int destinationCount, int repositories, int perRepository) throws Exception {
        String seed = "seed " + SEED + " (-Dmeridian.faults.seed=" + SEED + ")";
        List<AutoCloseable> closing = new ArrayList<>();
        try (EngineFixture fixture = new EngineFixture(SETTINGS); LocalRegistry src = LocalRegistry.anonymous()) {
            List<RepositoryName> repos = populate(new SampleImages(new RegistryClient(fixture.transport,
                    src.endpoint()), SEED), repositories, perRepository);
            FaultProxy srcWire = closeLater(closing, new FaultProxy(src.port()));
            RandomFaults srcFaults = new RandomFaults(SEED, RATE, STALL);
            srcWire.randomly(srcFaults);
            fixture.registry("faulty-src", RegistryEndpoint.insecure(srcWire.url(), Credentials.anonymous()), CLIENT);
            List<DestinationSpec> destinations = new ArrayList<>();
            List<RandomFaults> dstFaults = new ArrayList<>();
            List<DestinationAudit> audits = new ArrayList<>();
            for (int i = 0; i < destinationCount; i++) {
                LocalRegistry dst = closeLater(closing, LocalRegistry.anonymous());
                FaultProxy dstWire = closeLater(closing, new FaultProxy(dst.port()));
                RandomFaults faults = new RandomFaults(SEED + 1 + i, RATE, STALL);
                dstWire.randomly(faults);
                dstFaults.add(faults);
                fixture.registry("faulty-dst" + i, RegistryEndpoint.insecure(dstWire.url(), Credentials.anonymous()),
                        CLIENT);
                destinations.add(new DestinationSpec("faulty-dst" + i, Optional.empty()));
                audits.add(new DestinationAudit(new RegistryClient(fixture.transport, dst.endpoint())));
            }

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicReference<RuntimeException> watcherFailure = new AtomicReference<>();
            Thread watcher = new Thread(() -> {
                try {
                    while (running.get()) {
                        audits.forEach(DestinationAudit::watch);
                    }
                } catch (RuntimeException e) {
                    watcherFailure.set(e);
                }
            }, "dangling-tag-watcher");
            watcher.start();
            long started = System.nanoTime();
            EngineFixture.Run run;
            try {
                run = fixture.run(EngineFixture.spec("faults", "faulty-src", destinations, true));
            } finally {
                running.set(false);
                watcher.join();
            }
            double seconds = (System.nanoTime() - started) / 1e9;

            long requests = srcFaults.requests() + dstFaults.stream().mapToLong(RandomFaults::requests).sum();
            long faults = total(srcFaults) + dstFaults.stream().mapToLong(FaultRun::total).sum();
            System.out.printf("fault run, %d destination(s), %s: %s in %.1f s; %d requests, %d faulted (%.1f %%);"
                            + " source %s; destinations %s%n", destinationCount, seed, run.status(), seconds, requests,
                    faults, 100.0 * faults / requests, srcFaults.applied(),
                    dstFaults.stream().map(RandomFaults::applied).toList());
            assertThat(watcherFailure.get()).as("the watcher's own reads of the destinations").isNull();
            audits.forEach(DestinationAudit::watch); // and once more after the end
            assertThat(faults).as("faults injected, " + seed).isGreaterThan(requests / 25);
            assertThat(run.status()).as("one run under ~8 %% faults on both sides, " + seed + "; failed tasks: "
                    + run.jdbc().queryForList("SELECT error_code || ': ' || error_message FROM tasks WHERE "
                    + "execution_id = ? AND state = 'FAILED'", String.class, run.id())).isEqualTo("SUCCEEDED");

            // what an operator's Prometheus sees of it: retries by registry and reason, each breaker's state
            var retries = fixture.meters.find("meridian.registry.retries").counters();
            assertThat(retries.stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum())
                    .as("retries counted in meridian.registry.retries").isGreaterThan(faults / 4.0);
            assertThat(retries).extracting(c -> c.getId().getTag("reason")).contains("429");
            assertThat(fixture.meters.find("resilience4j.circuitbreaker.state").gauges())
                    .as("circuit breaker state gauges").isNotEmpty();

            RegistryClient source = new RegistryClient(fixture.transport, src.endpoint());
            int sourceTags = repos.stream().mapToInt(repo -> source.listTags(repo).size()).sum();
            for (DestinationAudit audit : audits) {
                audit.deepVerify(source, repos);
                assertThat(audit.violations()).as("dangling tags seen or bytes wrong, " + seed).isEmpty();
                assertThat(audit.tagsSeenComplete()).as("tags the watcher saw complete").isEqualTo(sourceTags);
                System.out.printf("deep verify: %d manifests and blobs, %d bytes hashed; %d tags watched%n",
                        audit.objectsHashed(), audit.bytesHashed(), audit.tagsSeenComplete());
            }
        } finally {
            for (AutoCloseable c : closing) {
                c.close();
            }
        }
    }

    /**
     * {@code repositories} × {@code images} images (a shared base layer each, an own layer, every 7th with a 600 KiB
     * layer), every 6th tag a two-platform index, every 5th image signed cosign-style, two Helm charts per repository.
     */
    private static List<RepositoryName> populate(SampleImages images, int repositories, int perRepository) {
        List<RepositoryName> repos = new ArrayList<>();
        for (int r = 0; r < repositories; r++) {
            RepositoryName repo = RepositoryName.parse("team/app-" + r);
            repos.add(repo);
            Descriptor base = images.layer(repo, 24 * 1024);
            for (int i = 0; i < perRepository; i++) {
                String tag = "v" + i;
                if (i % 6 == 5) {
                    images.multiArch(repo, tag, base);
                    continue;
                }
                int own = i % 7 == 3 ? 600 * 1024 : 1024 + 512 * i;
                ManifestBytes image = images.image(repo, tag, List.of(base, images.layer(repo, own)));
                if (i % 5 == 0) {
                    images.signature(repo, image.digest());
                }
            }
            RepositoryName charts = RepositoryName.parse("team/charts-" + r);
            repos.add(charts);
            images.helmChart(charts, "1.0." + r);
            images.helmChart(charts, "1.1." + r);
        }
        return repos;
    }

    private static long total(RandomFaults faults) {
        return faults.applied().values().stream().mapToLong(Long::longValue).sum();
    }

    private static <T extends AutoCloseable> T closeLater(List<AutoCloseable> closing, T resource) {
        closing.add(0, resource);
        return resource;
    }
}
