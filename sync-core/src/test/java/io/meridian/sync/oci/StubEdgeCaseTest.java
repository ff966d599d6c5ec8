package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Status-code edge cases against a scripted stub server. */
class StubEdgeCaseTest {

    static final OciTransport TRANSPORT = OciTransport.create(OciTransport.Settings.defaults()
            .withRequestTimeout(Duration.ofSeconds(10)).withTransferTimeout(Duration.ofSeconds(30)));
    static final RepositoryName REPO = RepositoryName.parse("team/app");
    static final byte[] MANIFEST = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
            + "a".repeat(64) + "\",\"size\":2},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
    static final Digest MANIFEST_DIGEST = Digest.sha256Of(MANIFEST);

    final StubServer stub = new StubServer();
    final List<StubServer> extra = new ArrayList<>();

    @AfterEach
    void stop() {
        stub.close();
        extra.forEach(StubServer::close);
    }

    private RegistryClient client(Credentials c) {
        return new RegistryClient(TRANSPORT, stub.endpoint(c));
    }

    private void serveManifest() {
        stub.on("GET", "/v2/team/app/manifests/.*", (req, resp) -> resp
                .header("Content-Type", MediaType.OCI_MANIFEST.value())
                .header("Docker-Content-Digest", MANIFEST_DIGEST.toString()).send(200, MANIFEST));
    }

    @Test
    void fetchesBearerTokenOnChallengeCachesItAndWidensScopeOnInsufficientScope() {
        AtomicInteger tokens = new AtomicInteger();
        List<String> tokenQueries = new CopyOnWriteArrayList<>();
        stub.on("GET", "/token", (req, resp) -> {
            tokens.incrementAndGet();
            tokenQueries.add(req.rawUri());
            String scope = java.net.URLDecoder.decode(req.rawUri().replaceAll(".*?scope=([^&]*).*", "$1"),
                    StandardCharsets.UTF_8);
            resp.header("Content-Type", "application/json")
                    .send(200, "{\"token\":\"tok-" + scope.replace(' ', '_') + "\",\"expires_in\":300}");
        });
        String challenge = "Bearer realm=\"" + stub.url() + "/token\",service=\"stub\"";
        stub.on("GET", "/v2/team/app/manifests/.*", (req, resp) -> {
            String auth = req.header("Authorization");
            if (auth == null || !auth.startsWith("Bearer tok-")) {
                resp.header("WWW-Authenticate", challenge + ",scope=\"repository:team/app:pull\"")
                        .send(401, StubServer.error("UNAUTHORIZED", "authentication required"));
                return;
            }
            resp.header("Content-Type", MediaType.OCI_MANIFEST.value())
                    .header("Docker-Content-Digest", MANIFEST_DIGEST.toString()).send(200, MANIFEST);
        });
        stub.on("GET", "/v2/team/app/tags/list", (req, resp) -> {
            String auth = req.header("Authorization");
            if (auth == null || !auth.contains("push")) {
                resp.header("WWW-Authenticate", challenge
                        + ",scope=\"repository:team/app:pull,push\",error=\"insufficient_scope\"").send(401);
                return;
            }
            resp.header("Content-Type", "application/json").send(200, "{\"name\":\"team/app\",\"tags\":[\"v1\"]}");
        });
        RegistryClient client = client(Credentials.basic("u", "p"));
        for (int i = 0; i < 3; i++) {
            assertThat(client.getManifest(REPO, Reference.tag("v1")).digest()).isEqualTo(MANIFEST_DIGEST);
        }
        assertThat(tokens.get()).as("one token for three calls of the same scope").isEqualTo(1);
        assertThat(stub.received("GET", "/v2/team/app/manifests/").stream().filter(r -> r.header("Authorization") == null))
                .hasSize(1);
        assertThat(client.listTags(REPO)).containsExactly("v1");
        assertThat(tokenQueries.get(tokenQueries.size() - 1))
                .contains("service=stub").contains("scope=repository%3Ateam%2Fapp%3Apull%2Cpush");
        assertThat(stub.received("GET", "/token").get(0).header("Authorization")).startsWith("Basic ");
    }

    @Test
    void reports429AsRetryableWithRetryAfter() {
        stub.on("GET", "/v2/team/app/manifests/.*", (req, resp) -> resp.header("Retry-After", "7")
                .send(429, StubServer.error("TOOMANYREQUESTS", "slow down")));
        assertThatThrownBy(() -> client(Credentials.anonymous()).getManifest(REPO, Reference.tag("v1")))
                .isInstanceOfSatisfying(RetryableRegistryException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.errorCode()).contains(OciErrorCode.TOOMANYREQUESTS);
                    assertThat(e.getMessage()).contains("get manifest").contains("team/app:v1").contains("429");
                });
        // the other form: an HTTP-date, here two minutes ahead, on a 503
        String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(120));
        stub.on("GET", "/v2/team/app/manifests/v2", (req, resp) -> resp.header("Retry-After", date).send(503));
        assertThatThrownBy(() -> client(Credentials.anonymous()).getManifest(REPO, Reference.tag("v2")))
                .isInstanceOfSatisfying(RetryableRegistryException.class, e -> assertThat(e.retryAfter().orElseThrow())
                        .isBetween(Duration.ofSeconds(110), Duration.ofSeconds(121)));
    }

    @Test
    void reports5xxAsRetryableAnd404AsPermanent() {
        stub.on("HEAD", "/v2/team/app/blobs/.*", (req, resp) -> resp.send(503));
        stub.on("GET", "/v2/team/app/manifests/.*", (req, resp) -> resp.send(404,
                StubServer.error("MANIFEST_UNKNOWN", "manifest unknown")));
        RegistryClient client = client(Credentials.anonymous());
        assertThatThrownBy(() -> client.headBlob(REPO, MANIFEST_DIGEST))
                .isInstanceOf(RetryableRegistryException.class).hasMessageContaining("503");
        assertThatThrownBy(() -> client.getManifest(REPO, Reference.tag("v1")))
                .isInstanceOfSatisfying(PermanentRegistryException.class, e -> {
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e.errorCode()).contains(OciErrorCode.MANIFEST_UNKNOWN);
                });
    }

    /** An in-memory upload endpoint with a relative Location carrying opaque query state. */
    private ByteArrayOutputStream scriptUpload(int minChunk, Handler416 onPatch) {
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        AtomicInteger patches = new AtomicInteger();
        stub.on("POST", "/v2/team/app/blobs/uploads/", (req, resp) -> resp
                .header("Location", "/upload/u1?state=a%2Bb%3D").header("OCI-Chunk-Min-Length", String.valueOf(minChunk))
                .send(202));
        stub.on("PATCH", "/upload/u1", (req, resp) -> {
            assertThat(req.rawUri()).isEqualTo("/upload/u1?state=a%2Bb%3D");
            assertThat(req.header("Content-Type")).isEqualTo("application/octet-stream");
            String range = req.header("Content-Range");
            assertThat(range).doesNotStartWith("bytes").matches("\\d+-\\d+");
            long first = Long.parseLong(range.substring(0, range.indexOf('-')));
            synchronized (stored) {
                int n = patches.incrementAndGet();
                int keep = onPatch.keep(n, req.body().length);
                if (first != stored.size()) {
                    resp.send(416, StubServer.error("RANGE_INVALID", "bad range"));
                    return;
                }
                stored.write(req.body(), 0, keep);
                if (keep < req.body().length) {
                    resp.send(500);
                    return;
                }
                resp.header("Location", "/upload/u1?state=a%2Bb%3D").header("Range", "0-" + (stored.size() - 1)).send(202);
            }
        });
        stub.on("GET", "/upload/u1", (req, resp) -> {
            synchronized (stored) {
                resp.header("Location", "/upload/u1?state=a%2Bb%3D")
                        .header("Range", "0-" + Math.max(0, stored.size() - 1)).send(204);
            }
        });
        stub.on("PUT", "/upload/u1", (req, resp) -> {
            assertThat(req.rawUri()).startsWith("/upload/u1?state=a%2Bb%3D&digest=sha256%3A");
            String d = java.net.URLDecoder.decode(req.rawUri().replaceAll(".*digest=", ""), StandardCharsets.UTF_8);
            synchronized (stored) {
                stored.write(req.body(), 0, req.body().length);
                resp.send(Digest.sha256Of(stored.toByteArray()).toString().equals(d) ? 201 : 400);
            }
        });
        stub.on("DELETE", "/upload/u1", (req, resp) -> resp.send(204));
        return stored;
    }

    interface Handler416 {
        /** How many bytes of PATCH number {@code n} the stub keeps (all: accept). */
        int keep(int n, int length);
    }

    @Test
    void honoursChunkMinLengthAndResumesAfter416() throws Exception {
        byte[] content = new byte[10_000];
        new Random(3).nextBytes(content);
        AtomicInteger sabotaged = new AtomicInteger();
        ByteArrayOutputStream stored = scriptUpload(3000, (n, len) -> len);
        // make the second PATCH arrive with a gap: the stub sees a wrong first offset once
        stub.on("PATCH", "/upload/u1", new StubServer.Handler() {
            @Override
            public void handle(StubServer.Received req, StubServer.Response resp) throws IOException {
                synchronized (stored) {
                    String range = req.header("Content-Range");
                    long first = Long.parseLong(range.substring(0, range.indexOf('-')));
                    assertThat(Long.parseLong(range.substring(range.indexOf('-') + 1)) - first + 1)
                            .isEqualTo(req.body().length);
                    if (first == 3000 && sabotaged.getAndIncrement() == 0) {
                        resp.send(416, StubServer.error("RANGE_INVALID", "out of order"));
                        return;
                    }
                    if (first != stored.size()) {
                        resp.send(416);
                        return;
                    }
                    stored.write(req.body());
                    resp.header("Location", "/upload/u1?state=a%2Bb%3D").send(202);
                }
            }
        });
        RegistryClient client = new RegistryClient(TRANSPORT, stub.endpoint(Credentials.anonymous()),
                ClientOptions.defaults().withChunkSize(1024).withMonolithicMax(1024));
        List<Long> opens = new CopyOnWriteArrayList<>();
        client.pushBlob(REPO, Digest.sha256Of(content), content.length, offset -> {
            opens.add(offset);
            return new ByteArrayInputStream(content, (int) offset, content.length - (int) offset);
        });
        assertThat(stored.toByteArray()).isEqualTo(content);
        assertThat(sabotaged.get()).isGreaterThanOrEqualTo(1);
        assertThat(opens).containsExactly(0L, 3000L);
        assertThat(stub.received("PATCH", "/upload/u1")).extracting(r -> r.body().length)
                .containsExactly(3000, 3000, 3000, 3000, 1000);
    }

    @Test
    void resumesAtRegistryOffsetWhenBrokenChunkWasPartlyStored() {
        byte[] content = new byte[9_000];
        new Random(4).nextBytes(content);
        ByteArrayOutputStream stored = scriptUpload(0, (n, len) -> n == 2 ? len / 2 : len);
        RegistryClient client = new RegistryClient(TRANSPORT, stub.endpoint(Credentials.anonymous()),
                ClientOptions.defaults().withChunkSize(3000).withMonolithicMax(1024));
        List<Long> opens = new CopyOnWriteArrayList<>();
        client.pushBlob(REPO, Digest.sha256Of(content), content.length, offset -> {
            opens.add(offset);
            return new ByteArrayInputStream(content, (int) offset, content.length - (int) offset);
        });
        assertThat(stored.toByteArray()).isEqualTo(content);
        assertThat(opens).containsExactly(0L, 3000L);
        assertThat(stub.received("PATCH", "/upload/u1").get(2).header("Content-Range")).isEqualTo("4500-7499");
    }

    @Test
    void mountAnswered202IsFalseAndCancelsTheStartedUpload() {
        stub.on("POST", "/v2/team/app/blobs/uploads/", (req, resp) -> resp.header("Location", "/v2/team/app/blobs/uploads/x1?_state=s")
                .send(202));
        stub.on("DELETE", "/v2/team/app/blobs/uploads/x1", (req, resp) -> resp.send(204));
        assertThat(client(Credentials.anonymous()).mountBlob(REPO, MANIFEST_DIGEST, RepositoryName.parse("other/repo")))
                .isFalse();
        assertThat(stub.received("POST", "/v2/team/app/blobs/uploads/").get(0).rawUri())
                .contains("mount=sha256%3A" + MANIFEST_DIGEST.hex()).contains("from=other%2Frepo");
        assertThat(stub.received("DELETE", "/v2/team/app/blobs/uploads/x1?_state=s")).hasSize(1);
    }

    @Test
    void followsRedirectToStorageHostWithoutAuthorization() throws Exception {
        StubServer storage = new StubServer();
        extra.add(storage);
        byte[] blob = "blob-content-from-storage".getBytes(StandardCharsets.UTF_8);
        storage.on("GET", "/bucket/blob", (req, resp) -> resp.send(200, blob));
        storage.on("GET", "/bucket/denied", (req, resp) -> resp.send(403, StubServer.error("DENIED",
                "request signature expired for " + storage.url() + "/bucket/denied?X-Amz-Signature=SECRETSIG")));
        stub.on("GET", "/v2/team/app/blobs/.*", (req, resp) -> {
            if (req.header("Authorization") == null) {
                resp.header("WWW-Authenticate", "Basic realm=\"stub\"").send(401);
                return;
            }
            String target = req.rawUri().contains(Digest.sha256Of(blob).hex()) ? "blob" : "denied";
            resp.header("Location", storage.url() + "/bucket/" + target + "?X-Amz-Signature=SECRETSIG").send(307);
        });
        RegistryClient client = client(Credentials.basic("user", "pass"));
        try (BlobSource src = client.openBlob(REPO, Digest.sha256Of(blob), 0)) {
            assertThat(src.stream().readAllBytes()).isEqualTo(blob);
        }
        assertThat(stub.received("GET", "/v2/team/app/blobs/").get(1).header("Authorization")).startsWith("Basic ");
        assertThat(storage.received("GET", "/bucket/blob").get(0).header("Authorization")).isNull();
        assertThatThrownBy(() -> client.openBlob(REPO, MANIFEST_DIGEST, 0))
                .isInstanceOf(PermanentRegistryException.class).hasMessageContaining("403 DENIED")
                .hasMessageContaining("/bucket/denied?<redacted>")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRETSIG"));
    }

    @Test
    void truncatedManifestBodyIsRetryable() {
        stub.on("GET", "/v2/team/app/manifests/.*", (req, resp) -> resp.header("Content-Type", MediaType.OCI_MANIFEST.value())
                .sendTruncated(200, Arrays.copyOf(MANIFEST, 40), MANIFEST.length));
        assertThatThrownBy(() -> client(Credentials.anonymous()).getManifest(REPO, Reference.digest(MANIFEST_DIGEST)))
                .isInstanceOf(RetryableRegistryException.class);
    }

    @Test
    void truncatedBlobStreamFailsTheRead() {
        stub.on("GET", "/v2/team/app/blobs/.*", (req, resp) -> resp.sendTruncated(200, new byte[500], 1000));
        assertThatThrownBy(() -> {
            try (BlobSource src = client(Credentials.anonymous()).openBlob(REPO, MANIFEST_DIGEST, 0)) {
                src.stream().readAllBytes();
            }
        }).isInstanceOf(IOException.class);
    }

    @Test
    void refusesManifestWhoseBytesDoNotMatchTheDigest() {
        serveManifest();
        Digest other = Digest.sha256Of("x".getBytes());
        assertThatThrownBy(() -> client(Credentials.anonymous()).getManifest(REPO, Reference.digest(other)))
                .isInstanceOfSatisfying(DigestMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(other);
                    assertThat(e.actual()).isEqualTo(MANIFEST_DIGEST);
                });
        stub.on("GET", "/v2/team/app/manifests/bad", (req, resp) -> resp.header("Content-Type", MediaType.OCI_MANIFEST.value())
                .header("Docker-Content-Digest", other.toString()).send(200, MANIFEST));
        assertThatThrownBy(() -> client(Credentials.anonymous()).getManifest(REPO, Reference.tag("bad")))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining(other.toString());
    }

    @Test
    void followsRelativeLinkHeadersVerbatimAndStopsOnALoop() {
        stub.on("GET", "/v2/_catalog", (req, resp) -> {
            if (req.rawUri().equals("/v2/_catalog?n=1000")) {
                resp.header("Link", "</v2/_catalog?last=b&n=1000&opaque=x%2Fy>; rel=\"next\"")
                        .header("Content-Type", "application/json").send(200, "{\"repositories\":[\"a\",\"b\"]}");
            } else if (req.rawUri().equals("/v2/_catalog?last=b&n=1000&opaque=x%2Fy")) {
                resp.header("Content-Type", "application/json").send(200, "{\"repositories\":[\"c\"]}");
            } else {
                resp.send(400);
            }
        });
        assertThat(client(Credentials.anonymous()).catalog().map(RepositoryName::value).toList()).containsExactly("a", "b", "c");

        stub.on("GET", "/v2/team/app/tags/list", (req, resp) -> resp.header("Link", "</v2/team/app/tags/list>; rel=\"next\"")
                .header("Content-Type", "application/json").send(200, "{\"tags\":[\"v1\"]}"));
        assertThatThrownBy(() -> client(Credentials.anonymous()).listTags(REPO))
                .isInstanceOf(PermanentRegistryException.class).hasMessageContaining("pagination loop");
    }

    @Test
    void fallsBackToRegistryPageSizeWhenNIsRejected() {
        stub.on("GET", "/v2/_catalog", (req, resp) -> {
            if (req.rawUri().contains("n=")) {
                resp.send(400, StubServer.error("PAGINATION_NUMBER_INVALID", "n too large"));
            } else {
                resp.header("Content-Type", "application/json").send(200, "{\"repositories\":[\"x/y\"]}");
            }
        });
        assertThat(client(Credentials.anonymous()).catalog().map(RepositoryName::value).toList()).containsExactly("x/y");
    }

    @Test
    void usesReferrersApiWhenPresent() {
        String index = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + "b".repeat(64)
                + "\",\"size\":10,\"artifactType\":\"application/vnd.example.sbom\"}]}";
        stub.on("GET", "/v2/team/app/referrers/.*", (req, resp) -> resp.header("Content-Type", MediaType.OCI_INDEX.value())
                .send(200, index));
        List<Descriptor> refs = client(Credentials.anonymous()).referrers(REPO, MANIFEST_DIGEST);
        assertThat(refs).hasSize(1);
        assertThat(refs.get(0).artifactType()).contains(MediaType.parse("application/vnd.example.sbom"));
        assertThat(stub.received("GET", "/v2/team/app/manifests/")).isEmpty();
    }

    @Test
    void sendsUserAgentAndAllFourAcceptTypes() {
        serveManifest();
        client(Credentials.anonymous()).getManifest(REPO, Reference.tag("v1"));
        StubServer.Received r = stub.received("GET", "/v2/team/app/manifests/v1").get(0);
        assertThat(r.header("User-Agent")).startsWith("meridian/");
        assertThat(r.header("Accept")).contains(MediaType.OCI_MANIFEST.value(), MediaType.OCI_INDEX.value(),
                MediaType.DOCKER_MANIFEST_V2.value(), MediaType.DOCKER_MANIFEST_LIST.value());
    }

}
