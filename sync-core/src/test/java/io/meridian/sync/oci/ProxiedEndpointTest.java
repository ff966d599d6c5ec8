package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.testing.ForwardProxy;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.TlsTestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An endpoint reached through an HTTP forward proxy ({@code RegistryEndpoint.proxy}): what the JDK client really
 * sends, checked on a real proxy. Plain http goes in absolute-URI form (here to a real docker-registry: a blob
 * pushed and read back through it); https is tunnelled with CONNECT (to an https server with a private CA, trusted
 * through the endpoint's CA bundle).
 */
class ProxiedEndpointTest {

    @TempDir
    Path dir;

    @Test
    void plainHttpGoesInAbsoluteUriFormThroughTheProxy() throws Exception {
        try (LocalRegistry registry = LocalRegistry.anonymous(); ForwardProxy proxy = new ForwardProxy()) {
            RegistryClient client = new RegistryClient(OciTransport.create(), new RegistryEndpoint(
                    URI.create(registry.url()), true, Credentials.anonymous(), Optional.empty(),
                    Optional.of(proxy.address())));
            RepositoryName repo = RepositoryName.parse("team/proxied");
            byte[] blob = "through the proxy".getBytes(StandardCharsets.UTF_8);
            Digest digest = Digest.sha256Of(blob);
            client.pushBlob(repo, digest, blob);
            assertThat(client.headBlob(repo, digest)).contains((long) blob.length);
            client.checkApi();
            assertThat(proxy.firstLines()).isNotEmpty().allMatch(l -> l.contains(" http://" + registry.hostPort() + "/v2/"));
        }
    }

    @Test
    void httpsIsTunnelledWithConnect() throws Exception {
        TlsTestServer server = TlsTestServer.start(dir).json("/v2/team/app/tags/list", "{\"tags\":[\"tunnelled\"]}");
        try (ForwardProxy proxy = new ForwardProxy()) {
            RegistryClient client = new RegistryClient(OciTransport.create(), new RegistryEndpoint(server.url(), false,
                    Credentials.anonymous(), Optional.of(server.caBundle()), Optional.of(proxy.address())));
            assertThat(client.listTags(RepositoryName.parse("team/app"))).containsExactly("tunnelled");
            assertThat(proxy.firstLines()).isNotEmpty()
                    .allMatch(l -> l.equals("CONNECT 127.0.0.1:" + server.url().getPort() + " HTTP/1.1"));
        } finally {
            server.close();
        }
    }
}
