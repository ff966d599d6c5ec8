package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ECR auth through the real AWS SDK v2 ECR client, against a stub that speaks the ECR JSON 1.1 protocol
 * ({@code X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken}) via endpoint override.
 */
class EcrAuthTest {

    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String PASSWORD = "ecr-registry-password-123";
    final StubServer ecr = new StubServer();
    final StubServer registry = new StubServer();
    final AtomicLong expiresAt = new AtomicLong(Instant.now().plusSeconds(12 * 3600).getEpochSecond());

    @AfterEach
    void stop() {
        ecr.close();
        registry.close();
    }

    private RegistryClient client() {
        return client(new Credentials.AwsEcr("us-east-1", Optional.of("AKIDEXAMPLE"), Optional.of(SECRET),
                Optional.of(URI.create(ecr.url()))));
    }

    private RegistryClient client(Credentials creds) {
        String token = Base64.getEncoder().encodeToString(("AWS:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        ecr.on("POST", "/", (req, resp) -> {
            if (!"AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken".equals(req.header("X-Amz-Target"))
                    || req.header("Authorization") == null
                    || !req.header("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")) {
                resp.header("Content-Type", "application/x-amz-json-1.1")
                        .send(400, "{\"__type\":\"InvalidSignatureException\",\"message\":\"bad\"}");
                return;
            }
            resp.header("Content-Type", "application/x-amz-json-1.1").send(200, "{\"authorizationData\":[{"
                    + "\"authorizationToken\":\"" + token + "\",\"expiresAt\":" + expiresAt.get()
                    + ",\"proxyEndpoint\":\"" + registry.url() + "\"}]}");
        });
        registry.on("GET", "/v2/team/app/tags/list", (req, resp) -> {
            if (!("Basic " + token).equals(req.header("Authorization"))) {
                resp.header("WWW-Authenticate", "Basic realm=\"ecr\"").send(401);
                return;
            }
            resp.header("Content-Type", "application/json").send(200, "{\"tags\":[\"v1\",\"v2\"]}");
        });
        return new RegistryClient(OciTransport.create(), RegistryEndpoint.insecure(registry.url(), creds));
    }

    @Test
    void fetchesEcrTokenOnceAndUsesItAsBasicAuthorization() {
        RegistryClient client = client();
        RepositoryName repo = RepositoryName.parse("team/app");
        assertThat(client.listTags(repo)).containsExactly("v1", "v2");
        assertThat(client.listTags(repo)).containsExactly("v1", "v2");
        assertThat(ecr.received("POST", "/")).hasSize(1);
        assertThat(ecr.received("POST", "/").get(0).header("Authorization")).doesNotContain(SECRET);
    }

    /**
     * No per-registry keys: the SDK's default credentials chain signs the call. Its first source is the
     * {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties, which stand in for the environment,
     * a profile or an instance role here.
     */
    @Test
    void withoutKeysUsesTheAwsDefaultCredentialsChain() {
        withChainKeys("AKIDEXAMPLE", () -> {
            Credentials creds = new Credentials.AwsEcr("us-east-1", Optional.empty(), Optional.empty(),
                    Optional.of(URI.create(ecr.url())));
            assertThat(creds.toString()).contains("<default chain>").doesNotContain(SECRET);
            assertThat(client(creds).listTags(RepositoryName.parse("team/app"))).containsExactly("v1", "v2");
            assertThat(ecr.received("POST", "/")).hasSize(1);
            // the stub answers 400 unless the request was signed with the chain's key id
            assertThat(ecr.received("POST", "/").get(0).header("Authorization"))
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/").doesNotContain(SECRET);
        });
    }

    @Test
    void defaultChainKeyRejectedByEcrFailsPermanentlyWithoutSecrets() {
        withChainKeys("AKIDOTHER", () -> {
            RegistryClient client = client(new Credentials.AwsEcr("us-east-1", Optional.empty(), Optional.empty(),
                    Optional.of(URI.create(ecr.url()))));
            assertThatThrownBy(() -> client.listTags(RepositoryName.parse("team/app")))
                    .isInstanceOf(PermanentRegistryException.class)
                    .hasMessageContaining("ECR GetAuthorizationToken in us-east-1 failed: 400")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("AKIDOTHER"));
        });
    }

    /** Runs with the default chain's system-property keys set, restoring whatever was there. */
    private static void withChainKeys(String keyId, Runnable body) {
        String oldId = System.getProperty("aws.accessKeyId");
        String oldSecret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", keyId);
        System.setProperty("aws.secretAccessKey", SECRET);
        try {
            body.run();
        } finally {
            restore("aws.accessKeyId", oldId);
            restore("aws.secretAccessKey", oldSecret);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void refreshesAnExpiredEcrToken() {
        expiresAt.set(Instant.now().minusSeconds(5).getEpochSecond());
        RegistryClient client = client();
        RepositoryName repo = RepositoryName.parse("team/app");
        client.listTags(repo);
        client.listTags(repo);
        assertThat(ecr.received("POST", "/")).hasSize(2);
    }

    /**
     * A running execution keeps its registry client for the whole run, even after the registry was edited
     * and that client closed: a token refresh then must build a fresh SDK client, not use the closed one.
     */
    @Test
    void fetchesATokenAfterTheClientWasClosed() {
        expiresAt.set(Instant.now().minusSeconds(5).getEpochSecond()); // every call refreshes
        RegistryClient client = client();
        RepositoryName repo = RepositoryName.parse("team/app");
        assertThat(client.listTags(repo)).containsExactly("v1", "v2");
        client.close();
        assertThat(client.listTags(repo)).containsExactly("v1", "v2");
        assertThat(ecr.received("POST", "/")).hasSize(2);
        client.close();
    }

    @Test
    void reportsEcrFailureWithoutSecrets() {
        Credentials creds = new Credentials.AwsEcr("us-east-1", Optional.of("WRONGKEY"), Optional.of(SECRET),
                Optional.of(URI.create(ecr.url())));
        client(); // installs the stub routes
        RegistryClient client = new RegistryClient(OciTransport.create(), RegistryEndpoint.insecure(registry.url(), creds));
        assertThatThrownBy(() -> client.listTags(RepositoryName.parse("team/app")))
                .isInstanceOf(PermanentRegistryException.class)
                .hasMessageContaining("ECR GetAuthorizationToken")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("WRONGKEY"));
    }
}
