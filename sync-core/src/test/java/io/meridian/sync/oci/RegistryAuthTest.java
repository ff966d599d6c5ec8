package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.sync.testing.Canaries;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.Skopeo;
import io.meridian.sync.testing.TestImages;
import io.meridian.sync.testing.TestImages.Image;
import io.meridian.sync.testing.TokenIssuer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Basic (htpasswd) and Bearer (token service) auth against real distribution registries. */
class RegistryAuthTest {

    static final String PASSWORD = Canaries.REGISTRY_PASSWORD;
    static OciTransport transport;
    static LocalRegistry basicRegistry;
    static TokenIssuer issuer;
    static LocalRegistry tokenRegistry;
    final TestImages images = new TestImages(7);

    @BeforeAll
    static void start() {
        transport = OciTransport.create();
        basicRegistry = LocalRegistry.basic("alice", PASSWORD);
        issuer = TokenIssuer.start().withUser("bob", PASSWORD).allowAnonymousPull();
        tokenRegistry = LocalRegistry.token(issuer);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {basicRegistry, tokenRegistry, issuer}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    void pushesAndPullsWithBasicAuth() {
        RegistryClient client = new RegistryClient(transport, basicRegistry.endpoint());
        RepositoryName repo = RepositoryName.parse("basic/app");
        Image image = TestImages.push(client, repo, "v1", images.ociImage(2, 2000));
        assertThat(client.getManifest(repo, Reference.tag("v1")).bytes()).isEqualTo(image.manifest().bytes());
        assertThat(Skopeo.inspectRaw(basicRegistry, repo + ":v1")).isEqualTo(image.manifest().bytes());
        assertThat(client.catalog().toList()).contains(repo);
    }

    @Test
    void startsManyBasicAuthCallsAtOnceOnAFreshClient() throws Exception {
        RegistryClient client = new RegistryClient(transport, basicRegistry.endpoint());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<List<String>>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(pool.submit(() -> client.listTags(RepositoryName.parse("basic/none-" + Thread.currentThread().getId()))));
            }
            for (java.util.concurrent.Future<List<String>> f : calls) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    // the repositories do not exist: 404 NAME_UNKNOWN is expected, never an auth failure
                    assertThat(e.getCause()).isInstanceOfSatisfying(PermanentRegistryException.class,
                            p -> assertThat(p.isNotFound()).as(p.getMessage()).isTrue());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsWrongBasicPasswordWithoutLeakingIt() {
        String wrong = "wrong-" + PASSWORD;
        RegistryClient client = new RegistryClient(transport, basicRegistry.endpoint(Credentials.basic("alice", wrong)));
        assertThatThrownBy(() -> client.headManifest(RepositoryName.parse("basic/app"), Reference.tag("v1")))
                .isInstanceOfSatisfying(PermanentRegistryException.class, e -> {
                    assertThat(e.isAuthFailure()).isTrue();
                    assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(PASSWORD)
                            .contains("head manifest").contains(basicRegistry.hostPort());
                });
        RegistryClient anonymous = new RegistryClient(transport, basicRegistry.endpoint(Credentials.anonymous()));
        assertThatThrownBy(() -> anonymous.listTags(RepositoryName.parse("basic/app")))
                .isInstanceOf(PermanentRegistryException.class).hasMessageContaining("no credentials configured");
    }

    @Test
    void pushesPullsAndMountsWithBearerTokensCachedPerScope() {
        RegistryClient client = new RegistryClient(transport, tokenRegistry.endpoint(Credentials.basic("bob", PASSWORD)));
        RepositoryName repo = RepositoryName.parse("token/app");
        Image image = TestImages.push(client, repo, "v1", images.ociImage(2, 2000));
        assertThat(client.getManifest(repo, Reference.tag("v1")).bytes()).isEqualTo(image.manifest().bytes());

        int before = issuer.requests();
        for (int i = 0; i < 20; i++) {
            assertThat(client.headManifest(repo, Reference.tag("v1"))).isPresent();
            assertThat(client.headBlob(repo, image.blobs().get(0).digest())).isPresent();
        }
        assertThat(issuer.requests()).as("tokens are cached per scope").isLessThanOrEqualTo(before + 1);

        RepositoryName other = RepositoryName.parse("token/other");
        assertThat(client.mountBlob(other, image.blobs().get(1).digest(), repo)).isTrue();
        assertThat(issuer.requestedScopes()).contains("repository:token/app:pull", "repository:token/other:pull,push");
        assertThat(client.catalog().toList()).contains(repo, other);
        assertThat(issuer.requestedScopes()).contains("registry:catalog:*");
    }

    @Test
    void sharesOneClientAcrossThreadsWithOneTokenPerScope() throws Exception {
        RegistryClient client = new RegistryClient(transport, tokenRegistry.endpoint(Credentials.basic("bob", PASSWORD)));
        RepositoryName repo = RepositoryName.parse("token/parallel");
        int before = issuer.requests();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Digest>> pushes = new java.util.ArrayList<>();
            for (int i = 0; i < 48; i++) {
                TestImages.Blob blob = images.randomBlob(MediaType.OCI_LAYER_GZIP, 4096);
                pushes.add(pool.submit(() -> {
                    client.pushBlob(repo, blob.digest(), blob.content());
                    return blob.digest();
                }));
            }
            for (java.util.concurrent.Future<Digest> f : pushes) {
                Digest d = f.get();
                assertThat(client.headBlob(repo, d)).contains(4096L);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(issuer.requests() - before).as("token fetches for 48 parallel pushes + heads").isLessThanOrEqualTo(3);
    }

    @Test
    void anonymousTokenPullsButCannotPush() {
        RegistryClient bob = new RegistryClient(transport, tokenRegistry.endpoint(Credentials.basic("bob", PASSWORD)));
        RepositoryName repo = RepositoryName.parse("token/public");
        Image image = TestImages.push(bob, repo, "v1", images.ociImage(1, 500));
        RegistryClient anonymous = new RegistryClient(transport, tokenRegistry.endpoint(Credentials.anonymous()));
        assertThat(anonymous.getManifest(repo, Reference.tag("v1")).digest()).isEqualTo(image.digest());
        byte[] blob = new byte[10];
        assertThatThrownBy(() -> anonymous.pushBlob(repo, Digest.sha256Of(blob), blob))
                .isInstanceOfSatisfying(PermanentRegistryException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void rejectsWrongPasswordAtTokenServiceWithoutLeakingIt() {
        String wrong = "nope-" + PASSWORD;
        RegistryClient client = new RegistryClient(transport, tokenRegistry.endpoint(Credentials.basic("bob", wrong)));
        assertThatThrownBy(() -> client.listTags(RepositoryName.parse("token/app")))
                .isInstanceOfSatisfying(PermanentRegistryException.class, e -> {
                    assertThat(e.isAuthFailure()).isTrue();
                    assertThat(e.getMessage()).doesNotContain(wrong).contains("token");
                });
    }

    @Test
    void credentialsNeverShowInToString() {
        Credentials c = Credentials.basic("bob", PASSWORD);
        RegistryEndpoint e = tokenRegistry.endpoint(c);
        for (String s : List.of(c.toString(), e.toString(), new RegistryClient(transport, e).toString())) {
            assertThat(s).doesNotContain(PASSWORD);
        }
    }
}
