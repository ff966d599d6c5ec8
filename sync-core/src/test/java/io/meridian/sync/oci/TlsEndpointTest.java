package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.sync.testing.TlsTestServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-registry TLS: a registry with a private CA is trusted only through its endpoint's CA bundle. */
class TlsEndpointTest {

    static TlsTestServer server;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        server = TlsTestServer.start(dir).json("/v2/team/app/tags/list", "{\"tags\":[\"secure\"]}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void trustsPrivateCaOnlyThroughTheEndpointsBundle() {
        URI url = server.url();
        OciTransport transport = OciTransport.create();
        RegistryClient trusted = new RegistryClient(transport,
                new RegistryEndpoint(url, false, Credentials.anonymous(), Optional.of(server.caBundle())));
        assertThat(trusted.listTags(RepositoryName.parse("team/app"))).containsExactly("secure");

        RegistryClient untrusted = new RegistryClient(transport, new RegistryEndpoint(url, false, Credentials.anonymous(), Optional.empty()));
        assertThatThrownBy(() -> untrusted.listTags(RepositoryName.parse("team/app")))
                .isInstanceOf(PermanentRegistryException.class).hasMessageContaining("TLS handshake failed");
    }
}
