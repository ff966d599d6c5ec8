package io.meridian.sync.oci;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one HTTP stack shared by every {@link RegistryClient}: a pooled, keep-alive HTTP/1.1 {@link HttpClient}
 * (plus one per custom CA bundle), the timeouts and the User-Agent. Create one per process and share it.
 * Redirects are not followed by the JDK client; the OCI client follows them itself so that it can drop
 * {@code Authorization} when the host changes (pre-signed storage URLs).
 */
public final class OciTransport {

    /**
     * @param connectTimeout  TCP/TLS connect timeout
     * @param requestTimeout  whole-request timeout of metadata calls (HEAD, manifests, listings, tokens): headers
     *                        and body must have arrived by then
     * @param transferTimeout whole-request timeout of blob uploads (a chunk or a monolithic PUT, body included);
     *                        blob downloads have no overall limit, only {@code ClientOptions.readIdleTimeout}
     * @param userAgent       sent on every request
     */
    public record Settings(Duration connectTimeout, Duration requestTimeout, Duration transferTimeout,
                           String userAgent) {
        public Settings {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            Objects.requireNonNull(transferTimeout, "transferTimeout");
            Objects.requireNonNull(userAgent, "userAgent");
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(30),
                    "meridian/" + version());
        }

        public Settings withRequestTimeout(Duration d) {
            return new Settings(connectTimeout, d, transferTimeout, userAgent);
        }

        public Settings withTransferTimeout(Duration d) {
            return new Settings(connectTimeout, requestTimeout, d, userAgent);
        }
    }

    private final Settings settings;
    private final AddressGuard guard;
    private final HttpClient defaultClient;
    /** One client per (CA bundle, proxy): each holds its own connection pool. */
    private final Map<ClientKey, HttpClient> customClients = new ConcurrentHashMap<>();

    private record ClientKey(Optional<Path> caBundle, Optional<InetSocketAddress> proxy) {
    }

    private OciTransport(Settings settings, AddressGuard guard) {
        this.settings = settings;
        this.guard = Objects.requireNonNull(guard, "guard");
        this.defaultClient = builder().build();
    }

    public static OciTransport create() {
        return new OciTransport(Settings.defaults(), AddressGuard.ALLOW_ALL);
    }

    public static OciTransport create(Settings settings) {
        return new OciTransport(settings, AddressGuard.ALLOW_ALL);
    }

    /** A transport that resolves the host of every request and lets {@code guard} refuse its addresses. */
    public static OciTransport create(Settings settings, AddressGuard guard) {
        return new OciTransport(settings, guard);
    }

    /**
     * Resolves {@code uri}'s host and asks the guard about every address, before anything connects.
     * A name that does not resolve is left to the connection attempt (which fails as an I/O error).
     *
     * @throws PermanentRegistryException when the guard refuses
     */
    public void checkAddress(URI uri, String action) {
        if (guard == AddressGuard.ALLOW_ALL || uri.getHost() == null) {
            return;
        }
        String host = uri.getHost();
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host));
        } catch (UnknownHostException e) {
            return;
        }
        String refusal = guard.refusal(host, addresses);
        if (refusal != null) {
            throw new PermanentRegistryException(action + " refused: " + refusal);
        }
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The HTTP client for an endpoint: the shared one, or the one trusting its CA bundle and/or going through its
     * forward proxy ({@link ProxySelector#of}: the JDK tunnels https with CONNECT and sends http requests to the
     * proxy in absolute-URI form; the address guard still checks the registry's own host).
     */
    public HttpClient clientFor(RegistryEndpoint endpoint) {
        if (endpoint.caBundle().isEmpty() && endpoint.proxy().isEmpty()) {
            return defaultClient;
        }
        return customClients.computeIfAbsent(new ClientKey(endpoint.caBundle(), endpoint.proxy()), key -> {
            HttpClient.Builder b = builder();
            key.caBundle().ifPresent(path -> b.sslContext(io.meridian.sync.oci.internal.TlsContexts.trusting(path)));
            key.proxy().ifPresent(proxy -> b.proxy(ProxySelector.of(proxy)));
            return b.build();
        });
    }

    private HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout());
    }

    static String version() {
        String v = OciTransport.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }
}
