package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.sync.resilience.RegistryGuards;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.transfer.GuardedRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's manifest PUT outlives distribution 2.8.2's transient DIGEST_INVALID / MANIFEST_BLOB_UNKNOWN
 * (a link file still being written), and still reports a blob that stays missing.
 */
class ManifestPutLinkRaceTest {

    private static final OciTransport TRANSPORT = OciTransport.create(OciTransport.Settings.defaults()
            .withRequestTimeout(Duration.ofSeconds(10)));
    private static final ResilienceSettings FAST = new ResilienceSettings(3, Duration.ofMillis(10),
            Duration.ofMillis(80), 4, Duration.ofSeconds(5), 50f, 4, Duration.ofMinutes(1), 0);
    private static final RepositoryName REPO = RepositoryName.parse("team/app");
    private static final ManifestBytes MANIFEST = ManifestBytes.of(MediaType.OCI_MANIFEST, ("{\"schemaVersion\":2,"
            + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":"
            + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:" + "c".repeat(64)
            + "\",\"size\":2},\"layers\":[]}").getBytes(StandardCharsets.UTF_8));

    private final StubServer stub = new StubServer();

    @AfterEach
    void stop() {
        stub.close();
    }

    private GuardedRegistry registry() {
        return new GuardedRegistry(1, "stub", new RegistryClient(TRANSPORT, stub.endpoint(Credentials.anonymous())),
                new RegistryGuards(FAST, new SimpleMeterRegistry()).forRegistry("stub"), null);
    }

    @Test
    void putsAgainAfterATransientDigestInvalid() {
        AtomicInteger puts = new AtomicInteger();
        stub.on("PUT", "/v2/team/app/manifests/v1", (req, resp) -> {
            if (puts.incrementAndGet() == 1) {
                resp.send(400, StubServer.error("DIGEST_INVALID", "provided digest did not match uploaded content"));
            } else {
                resp.header("Docker-Content-Digest", MANIFEST.digest().toString()).send(201);
            }
        });
        registry().putManifest(REPO, Reference.tag("v1"), MANIFEST);
        assertThat(puts.get()).isEqualTo(2);
    }

    @Test
    void aBlobThatStaysMissingIsStillReportedAfterBoundedAttempts() {
        AtomicInteger puts = new AtomicInteger();
        stub.on("PUT", "/v2/team/app/manifests/v1", (req, resp) -> {
            puts.incrementAndGet();
            resp.send(400, StubServer.error("MANIFEST_BLOB_UNKNOWN", "blob unknown to registry"));
        });
        assertThatThrownBy(() -> registry().putManifest(REPO, Reference.tag("v1"), MANIFEST))
                .isInstanceOf(PermanentRegistryException.class).hasMessageContaining("MANIFEST_BLOB_UNKNOWN");
        assertThat(puts.get()).isEqualTo(4);
    }

    @Test
    void otherPermanentErrorsAreNotRepeated() {
        AtomicInteger puts = new AtomicInteger();
        stub.on("PUT", "/v2/team/app/manifests/v1", (req, resp) -> {
            puts.incrementAndGet();
            resp.send(400, StubServer.error("MANIFEST_INVALID", "manifest invalid"));
        });
        assertThatThrownBy(() -> registry().putManifest(REPO, Reference.tag("v1"), MANIFEST))
                .isInstanceOf(PermanentRegistryException.class);
        assertThat(puts.get()).isEqualTo(1);
    }
}
