package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Timeouts after the response headers: the JDK client stops counting once headers arrive, so a source that goes
 * silent mid-body (or drips a byte at a time) must be stopped by the client's own read-idle and whole-request
 * timeouts, with a retryable error, and quickly.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // without the client's own timeouts these calls would hang; fail instead
class StubTimeoutTest {

    static final RepositoryName REPO = RepositoryName.parse("team/app");
    static final byte[] BLOB = new byte[256 * 1024];
    static final Digest BLOB_DIGEST = Digest.sha256Of(BLOB);
    static final Duration IDLE = Duration.ofMillis(400);
    /** A generous bound on how long a timed-out call may take; without the timeout it would never end. */
    static final long MAX_MILLIS = 10_000;

    final StubServer stub = new StubServer();

    @AfterEach
    void stop() {
        stub.close();
    }

    private RegistryClient client(Duration requestTimeout) {
        OciTransport transport = OciTransport.create(OciTransport.Settings.defaults()
                .withRequestTimeout(requestTimeout).withTransferTimeout(Duration.ofMinutes(5)));
        return new RegistryClient(transport, stub.endpoint(Credentials.anonymous()),
                ClientOptions.defaults().withReadIdleTimeout(IDLE));
    }

    private void stallBlobAfter(int bytes) {
        stub.on("GET", "/v2/team/app/blobs/.*", (req, resp) -> resp
                .sendStalling(200, Arrays.copyOf(BLOB, bytes), BLOB.length));
    }

    @Test
    void blobBodyThatStallsMidWayFailsTheReadWithATimeout() {
        stallBlobAfter(64 * 1024);
        long start = System.nanoTime();
        assertThatThrownBy(() -> {
            try (BlobSource src = client(Duration.ofSeconds(10)).openBlob(REPO, BLOB_DIGEST, 0)) {
                assertThat(src.size()).isEqualTo(BLOB.length);
                src.stream().readAllBytes();
            }
        }).isInstanceOf(HttpTimeoutException.class).hasMessageContaining("no data received for 400 ms");
        assertThat(elapsedMillis(start)).isLessThan(MAX_MILLIS);
    }

    @Test
    void pushFromAStalledSourceFailsRetryably() {
        stallBlobAfter(64 * 1024);
        stub.on("POST", "/v2/dst/app/blobs/uploads/", (req, resp) -> resp
                .header("Location", "/v2/dst/app/blobs/uploads/u1?_state=abc").send(202));
        stub.on("PUT", "/v2/dst/app/blobs/uploads/u1", (req, resp) -> resp.send(201));
        stub.on("DELETE", "/v2/dst/app/blobs/uploads/u1", (req, resp) -> resp.send(204));
        RegistryClient client = client(Duration.ofSeconds(10));
        long start = System.nanoTime();
        assertThatThrownBy(() -> {
            try (BlobSource src = client.openBlob(REPO, BLOB_DIGEST, 0)) {
                client.pushBlob(RepositoryName.parse("dst/app"), BLOB_DIGEST, BLOB.length, src.stream());
            }
        }).isInstanceOf(RetryableRegistryException.class).hasMessageContaining("push blob " + BLOB_DIGEST);
        assertThat(elapsedMillis(start)).isLessThan(MAX_MILLIS);
        assertThat(stub.received("DELETE", "/v2/dst/app/blobs/uploads/u1")).as("upload cancelled").hasSize(1);
    }

    @Test
    void manifestBodyThatStallsIsRetryableAndNamesTheIdleTimeout() {
        byte[] manifest = StubEdgeCaseTest.MANIFEST;
        stub.on("GET", "/v2/team/app/manifests/.*", (req, resp) -> resp
                .header("Content-Type", MediaType.OCI_MANIFEST.value())
                .sendStalling(200, Arrays.copyOf(manifest, 20), manifest.length));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client(Duration.ofSeconds(30)).getManifest(REPO, Reference.tag("v1")))
                .isInstanceOf(RetryableRegistryException.class)
                .hasMessageContaining("get manifest")
                .hasMessageContaining("no data received");
        assertThat(elapsedMillis(start)).isLessThan(MAX_MILLIS);
    }

    @Test
    void manifestDrippingSlowerThanTheRequestTimeoutFailsAsAWholeRequestTimeout() {
        byte[] manifest = StubEdgeCaseTest.MANIFEST;
        // Every read gets a byte well within the idle timeout, but the whole body would take ~20 s.
        stub.on("GET", "/v2/team/app/manifests/.*", (req, resp) -> resp
                .header("Content-Type", MediaType.OCI_MANIFEST.value())
                .sendDripping(200, manifest, Duration.ofMillis(100)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> client(Duration.ofMillis(1500)).getManifest(REPO, Reference.tag("v1")))
                .isInstanceOf(RetryableRegistryException.class)
                .hasMessageContaining("not complete within the request timeout");
        assertThat(elapsedMillis(start)).isLessThan(MAX_MILLIS);
    }

    @Test
    void aSlowButSteadyBlobIsNotCutByTheIdleTimeout() throws IOException {
        byte[] small = Arrays.copyOf(BLOB, 12);
        stub.on("GET", "/v2/team/app/blobs/.*", (req, resp) -> resp.sendDripping(200, small, Duration.ofMillis(100)));
        // 12 bytes at 100 ms each: longer than the idle timeout in total, never idle that long.
        try (BlobSource src = client(Duration.ofMillis(300)).openBlob(REPO, Digest.sha256Of(small), 0)) {
            assertThat(src.stream().readAllBytes()).isEqualTo(small);
        }
    }

    @Test
    void closingTheBlobFromAnotherThreadFailsABlockedReadAtOnce() throws Exception {
        stallBlobAfter(1024);
        RegistryClient client = new RegistryClient(OciTransport.create(), stub.endpoint(Credentials.anonymous()),
                ClientOptions.defaults().withReadIdleTimeout(Duration.ofMinutes(5)));
        BlobSource src = client.openBlob(REPO, BLOB_DIGEST, 0);
        java.util.concurrent.CompletableFuture<Throwable> failure = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                src.stream().readAllBytes();
                failure.complete(null);
            } catch (IOException e) {
                failure.complete(e);
            }
        });
        reader.start();
        // the reader's only timed wait is the body poll: once it is there, it is blocked on the stalled rest
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (reader.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("reader blocked in time").isLessThan(deadline);
            Thread.onSpinWait();
        }
        long start = System.nanoTime();
        src.close();
        assertThat(failure.get(10, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                .hasMessageContaining("response body closed");
        assertThat(elapsedMillis(start)).isLessThan(MAX_MILLIS);
    }

    @Test
    void readIdleTimeoutMustBePositive() {
        assertThatThrownBy(() -> ClientOptions.defaults().withReadIdleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readIdleTimeout");
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
