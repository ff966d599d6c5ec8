package io.meridian.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.testing.LocalRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The SSRF guard's address rules, and its connect-time check inside the OCI transport. */
class UrlGuardTest {

    private static final UrlGuard DEFAULTS = new UrlGuard(new UrlGuardProperties(List.of("169.254.0.0/16", "fe80::/10",
            "169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32"), List.of()));
    private static final RepositoryName REPO = RepositoryName.parse("ssrf/app");

    @Test
    void theDefaultsRefuseLinkLocalAndMetadataAddressesAndAllowLoopbackAndPrivateRanges() throws Exception {
        for (String denied : List.of("169.254.169.254", "169.254.1.1", "fe80::1", "fd00:ec2::254", "100.100.100.200",
                "::ffff:169.254.169.254")) {
            assertThat(DEFAULTS.refusal(InetAddress.getByName(denied))).as(denied).isPresent();
        }
        for (String allowed : List.of("127.0.0.1", "::1", "10.1.2.3", "192.168.0.10", "172.16.0.1", "100.100.100.201",
                "fd00:ec2::253", "8.8.8.8")) {
            assertThat(DEFAULTS.refusal(InetAddress.getByName(allowed))).as(allowed).isEmpty();
        }
    }

    @Test
    void registrationChecksIpLiteralsInEveryForm() {
        assertThat(DEFAULTS.registrationRefusal("http://169.254.169.254")).get().asString()
                .contains("169.254.169.254").contains("url-deny");
        assertThat(DEFAULTS.registrationRefusal("https://[fd00:ec2::254]:443")).isPresent();
        assertThat(DEFAULTS.registrationRefusal("http://[::ffff:a9fe:a9fe]")).as("IPv4-mapped").isPresent();
        assertThat(DEFAULTS.registrationRefusal("http://127.0.0.1:5000")).isEmpty();
        assertThat(DEFAULTS.registrationRefusal("https://registry.example.com")).as("names wait for DNS").isEmpty();
    }

    @Test
    void theAllowListOverridesTheDenyList() throws Exception {
        UrlGuard guard = new UrlGuard(new UrlGuardProperties(List.of("127.0.0.0/8", "169.254.0.0/16"),
                List.of("127.0.0.5/32", "169.254.10.0/24")));
        assertThat(guard.refusal(InetAddress.getByName("127.0.0.1"))).isPresent();
        assertThat(guard.refusal(InetAddress.getByName("127.0.0.5"))).isEmpty();
        assertThat(guard.refusal(InetAddress.getByName("169.254.10.7"))).isEmpty();
        assertThat(guard.refusal(InetAddress.getByName("169.254.169.254"))).isPresent();
    }

    @Test
    void aBadBlockNamesItsProperty() {
        assertThatThrownBy(() -> new UrlGuard(new UrlGuardProperties(List.of("metadata.internal"), List.of())))
                .hasMessageContaining("meridian.security.url-deny").hasMessageContaining("metadata.internal");
        assertThatThrownBy(() -> new UrlGuard(new UrlGuardProperties(List.of(), List.of("10.0.0.0/33"))))
                .hasMessageContaining("meridian.security.url-allow");
    }

    /** "localhost" is a name: it passes registration and is refused after DNS, before any connection. */
    @Test
    void aHostNameResolvingToADeniedAddressIsRefusedAtConnectTime() {
        UrlGuard loopbackDenied = new UrlGuard(new UrlGuardProperties(List.of("127.0.0.0/8", "::1/128"), List.of()));
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = countingServer(requests, 200);
        try {
            String url = "http://localhost:" + server.getAddress().getPort();
            assertThat(loopbackDenied.registrationRefusal(url)).isEmpty();
            RegistryClient client = new RegistryClient(OciTransport.create(OciTransport.Settings.defaults(), loopbackDenied),
                    RegistryEndpoint.insecure(url, Credentials.anonymous()));
            assertThatThrownBy(() -> client.headManifest(REPO, Reference.tag("v1")))
                    .isInstanceOf(PermanentRegistryException.class)
                    .hasMessageContaining("refused").hasMessageContaining("localhost").hasMessageContaining("127.0.0.0/8");
            assertThat(requests).as("nothing reached the server").hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anAllowedAddressConnectsAsUsual() {
        UrlGuard allowed = new UrlGuard(new UrlGuardProperties(List.of("127.0.0.0/8", "::1/128"),
                List.of("127.0.0.1/32", "::1/128")));
        try (LocalRegistry registry = LocalRegistry.anonymous()) {
            RegistryClient client = new RegistryClient(OciTransport.create(OciTransport.Settings.defaults(), allowed),
                    RegistryEndpoint.insecure("http://localhost:" + registry.port(), Credentials.anonymous()));
            assertThat(client.headManifest(REPO, Reference.tag("v1"))).isEmpty();
        }
    }

    /** A registry that redirects a blob download to the metadata service is refused before anything connects there. */
    @Test
    void aRedirectToTheMetadataAddressIsRefused() {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = countingServer(requests, 307);
        try {
            RegistryClient client = new RegistryClient(OciTransport.create(OciTransport.Settings.defaults(), DEFAULTS),
                    RegistryEndpoint.insecure("http://127.0.0.1:" + server.getAddress().getPort(), Credentials.anonymous()));
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.openBlob(REPO, Digest.sha256Of(new byte[] {1}), 0).close())
                    .isInstanceOf(PermanentRegistryException.class)
                    .hasMessageContaining("refused").hasMessageContaining("169.254.169.254");
            assertThat(System.nanoTime() - start).as("no connection attempt (that would wait for the connect timeout)")
                    .isLessThan(5_000_000_000L);
            assertThat(requests).as("the registry itself was asked once").hasValue(1);
        } finally {
            server.stop(0);
        }
    }

    private static HttpServer countingServer(AtomicInteger requests, int status) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                if (status == 307) {
                    exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
