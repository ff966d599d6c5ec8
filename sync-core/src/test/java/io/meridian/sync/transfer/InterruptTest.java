package io.meridian.sync.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.TransferInterruptedException;
import io.meridian.sync.resilience.BandwidthLimiter;
import io.meridian.sync.testing.GeneratedContent;
import io.meridian.sync.testing.LocalRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stopping means stopping: interrupting a thread copying a 256 MiB blob (generated on the fly, never in the heap)
 * returns within seconds with the interrupt flag set, as a {@link TransferInterruptedException}, and no circuit
 * breaker counts it as a registry failure. Before, an interrupt became a retryable registry error: retried, counted,
 * and waits used {@code join()}.
 */
class InterruptTest {

    private static final long SIZE = 256L * 1024 * 1024;
    private static final RepositoryName REPO = RepositoryName.parse("big/app");
    private static final Duration PROMPT = Duration.ofSeconds(5);

    private static LocalRegistry source;
    private static Descriptor layer;
    private static ManifestBytes manifest;

    @BeforeAll
    static void pushLargeImage() {
        source = LocalRegistry.anonymous();
        GeneratedContent content = new GeneratedContent(42, SIZE);
        layer = new Descriptor(MediaType.OCI_LAYER_GZIP, content.sha256(), SIZE, null, null, null);
        byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
        Digest configDigest = Digest.sha256Of(config);
        manifest = ManifestBytes.of(MediaType.OCI_MANIFEST, ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaType.OCI_MANIFEST.value() + "\",\"config\":{\"mediaType\":\"" + MediaType.OCI_CONFIG.value()
                + "\",\"digest\":\"" + configDigest + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":\""
                + layer.mediaType().value() + "\",\"digest\":\"" + layer.digest() + "\",\"size\":" + SIZE + "}]}")
                .getBytes(StandardCharsets.UTF_8));
        try (TransferFixture f = new TransferFixture(); RegistryClient push = new RegistryClient(f.transport,
                source.endpoint())) {
            push.pushBlob(REPO, configDigest, config);
            push.pushBlob(REPO, layer.digest(), SIZE, content::open);
            push.putManifest(REPO, Reference.tag("v1"), manifest);
        }
    }

    @AfterAll
    static void stop() {
        source.close();
    }

    @Test
    void interruptingATeedArtifactCopyReturnsPromptlyWithTheFlagSetAndNoBreakerFailure() {
        try (LocalRegistry a = LocalRegistry.anonymous(); LocalRegistry b = LocalRegistry.anonymous();
             TransferFixture f = new TransferFixture()) {
            GuardedRegistry src = f.registry("src", source.url());
            List<CopyTarget> targets = List.of(TransferFixture.target(f.registry("a", a.url()), "big/app"),
                    TransferFixture.target(f.registry("b", b.url()), "big/app"));
            ArtifactCopier copier = new ArtifactCopier(new BlobTransfer(f.locations, f.streamPool), f.blobPool);
            BandwidthLimiter limiter = BandwidthLimiter.of("interrupt-test", 40L * 1024 * 1024);

            interruptMidway(() -> copier.copy(new ArtifactCopier.SourceArtifact(src, REPO, Reference.tag("v1"),
                    manifest.digest(), null), targets, limiter), targets.get(0).progress());

            assertNoBreakerFailures(f, "src", "a", "b");
        }
    }

    @Test
    void interruptingASingleDestinationUploadReturnsPromptlyWithTheFlagSetAndNoBreakerFailure() {
        try (LocalRegistry a = LocalRegistry.anonymous(); TransferFixture f = new TransferFixture()) {
            GuardedRegistry src = f.registry("src", source.url());
            CopyTarget target = TransferFixture.target(f.registry("a", a.url()), "big/app");
            BlobTransfer transfer = new BlobTransfer(f.locations, f.streamPool);
            BandwidthLimiter limiter = BandwidthLimiter.of("interrupt-test", 40L * 1024 * 1024);

            interruptMidway(() -> transfer.ensure(src, REPO, layer, List.of(target), limiter), target.progress());

            assertNoBreakerFailures(f, "src", "a");
        }
    }

    /** Runs {@code copy} on a thread, interrupts it once 24 MiB were read, and checks how it ends. */
    private static void interruptMidway(Supplier<Map<CopyTarget, Throwable>> copy, TaskProgress progress) {
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicBoolean flagSeen = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            try {
                outcome.set(copy.get());
            } catch (Throwable t) {
                outcome.set(t);
            }
            flagSeen.set(Thread.currentThread().isInterrupted());
        }, "interrupt-test-worker");
        worker.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (progress.bytesRead() < 24L * 1024 * 1024) {
            assertThat(System.nanoTime()).as("the copy should be under way").isLessThan(deadline);
            assertThat(worker.isAlive()).as("the copy ended before it was interrupted: %s", outcome.get()).isTrue();
            Thread.onSpinWait();
        }
        long interruptedAt = System.nanoTime();
        worker.interrupt();
        try {
            worker.join(PROMPT.toMillis());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - interruptedAt);
        assertThat(worker.isAlive()).as("still copying %s after the interrupt", took).isFalse();
        assertThat(outcome.get()).as("outcome").isInstanceOf(TransferInterruptedException.class);
        assertThat(flagSeen).as("interrupt flag seen by the caller").isTrue();
        assertThat(progress.bytesRead()).as("stopped before the end").isLessThan(SIZE);
    }

    private static void assertNoBreakerFailures(TransferFixture f, String... registries) {
        for (String name : registries) {
            assertThat(f.guards.forRegistry(name).circuitMetrics().getNumberOfFailedCalls())
                    .as("failures recorded by %s's circuit breaker", name).isZero();
        }
    }
}
