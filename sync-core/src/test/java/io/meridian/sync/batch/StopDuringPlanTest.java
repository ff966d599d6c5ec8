package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.testing.LocalRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;

/**
 * A stop takes effect within seconds while the plan of a few thousand tags runs: the planner's
 * HEADs in flight are cancelled instead of the stop waiting for the whole plan.
 */
class StopDuringPlanTest {

    private static final int TAGS = 2_000;
    /** Each source request crosses a slow link: the whole plan would take ~TAGS × 150 ms / 64 ≈ 5 s. */
    private static final long SOURCE_DELAY_MILLIS = 150;

    @Test
    void stopDuringAPlanOfThousandsOfTagsEndsStoppedWithinSeconds() throws Exception {
        try (EngineFixture fixture = new EngineFixture(EngineFixture.QUICK);
             LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous();
             CountingProxy slowLink = new CountingProxy(src.port())) {
            RegistryClient client = new RegistryClient(fixture.transport, src.endpoint());
            RepositoryName repo = RepositoryName.parse("team/many");
            SampleImages images = new SampleImages(client, 77);
            ManifestBytes image = images.image(repo, "t0", List.of(images.layer(repo, 1000)));
            tagMany(client, repo, image);
            fixture.registry("stop-src", io.meridian.sync.oci.RegistryEndpoint.insecure(slowLink.url(),
                    io.meridian.sync.oci.Credentials.anonymous()));
            fixture.registry("stop-dst", dst.endpoint());
            slowLink.delayRequests(SOURCE_DELAY_MILLIS);

            UUID id = UUID.randomUUID();
            CompletableFuture<EngineFixture.Run> run = CompletableFuture.supplyAsync(() -> fixture.run(
                    EngineFixture.spec("stop", "stop-src", List.of(new DestinationSpec("stop-dst", Optional.empty())),
                            true), id));
            EngineFixture.await(Duration.ofSeconds(60), "the plan under way (its first batch of tasks written)",
                    () -> tasks(fixture, id) >= JdbcTaskSink.DEFAULT_BATCH);
            long asked = System.nanoTime();
            assertThat(new ExecutionRepository(fixture.dataSource).requestStop(id)).isTrue();

            EngineFixture.Run stopped = run.get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - asked) / 1e9;

            assertThat(stopped.status()).isEqualTo("STOPPED");
            assertThat(stopped.job().getStatus()).isEqualTo(BatchStatus.STOPPED);
            assertThat(seconds).as("seconds from the stop request to STOPPED").isLessThan(3.0);
            long planned = tasks(fixture, id);
            assertThat(planned).as("tasks planned: the plan did not run to its end").isLessThan(TAGS);
            assertThat(stopped.tasksIn("PENDING")).isZero();
            assertThat(stopped.tasksIn("COPIED")).isZero();
            System.out.printf("stop during plan: STOPPED %.2f s after the request, %d of %d tags planned%n", seconds,
                    planned, TAGS);
        }
    }

    private static void tagMany(RegistryClient client, RepositoryName repo, ManifestBytes image) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (int i = 1; i < TAGS; i++) {
                Reference tag = Reference.tag("t" + i);
                puts.add(pool.submit(() -> client.putManifest(repo, tag, image)));
            }
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long tasks(EngineFixture fixture, UUID id) {
        return fixture.jdbc.queryForObject("SELECT count(*) FROM tasks WHERE execution_id = ?", Long.class, id);
    }
}
