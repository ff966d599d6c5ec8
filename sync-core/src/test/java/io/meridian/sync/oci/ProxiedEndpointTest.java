package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.sync.testing.ForwardProxy;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.TestImages;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An endpoint reached through an HTTP forward proxy ({@code RegistryEndpoint.proxy}): what the JDK client really
 * sends, checked on a real proxy. Plain http goes in absolute-URI form (here to a real docker-registry: a blob
 * pushed and read back through it); https is tunnelled with CONNECT (to a docker-registry serving TLS with a
 * certificate of a private CA made by the test, trusted through the endpoint's CA bundle: an image pushed, listed and
 * read back), and without the CA bundle the handshake is refused.
 */
class ProxiedEndpointTest {

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
    void httpsIsTunnelledWithConnectToATlsRegistryTrustedThroughTheCaBundle() throws Exception {
        try (LocalRegistry registry = LocalRegistry.builder().tls().start(); ForwardProxy proxy = new ForwardProxy()) {
            RegistryClient client = new RegistryClient(OciTransport.create(), new RegistryEndpoint(
                    URI.create(registry.url()), false, Credentials.anonymous(), Optional.of(registry.caBundle()),
                    Optional.of(proxy.address())));
            RepositoryName repo = RepositoryName.parse("team/tunnelled");
            TestImages.Image image = new TestImages(11).ociImage(2, 64 * 1024);
            for (TestImages.Blob blob : image.allBlobs()) {
                client.pushBlob(repo, blob.digest(), blob.content());
            }
            client.putManifest(repo, Reference.tag("v1"), image.manifest());

            assertThat(client.listTags(repo)).containsExactly("v1");
            assertThat(client.getManifest(repo, Reference.tag("v1")).digest()).isEqualTo(image.digest());
            TestImages.Blob layer = image.blobs().get(0);
            try (BlobSource read = client.openBlob(repo, layer.digest(), 0)) {
                assertThat(Digest.sha256Of(read.stream().readAllBytes())).isEqualTo(layer.digest());
            }
            String port = registry.url().substring(registry.url().lastIndexOf(':') + 1);
            assertThat(proxy.firstLines()).isNotEmpty()
                    .allMatch(l -> l.equals("CONNECT 127.0.0.1:" + port + " HTTP/1.1"));
        }
    }

    @Test
    void aTlsRegistryIsRefusedWithoutItsCaBundle() throws Exception {
        try (LocalRegistry registry = LocalRegistry.builder().tls().start(); ForwardProxy proxy = new ForwardProxy()) {
            RegistryClient client = new RegistryClient(OciTransport.create(), new RegistryEndpoint(
                    URI.create(registry.url()), false, Credentials.anonymous(), Optional.empty(),
                    Optional.of(proxy.address())));
            assertThatThrownBy(client::checkApi).isInstanceOf(RegistryException.class)
                    .hasMessageContaining(registry.hostPort());
        }
    }
}
