package io.meridian.sync.oci;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a registry is and how to talk to it. {@code baseUrl} is scheme + host[:port] (a path prefix is allowed);
 * plain {@code http} is only accepted with {@code insecure = true} (loopback test registries).
 * {@code caBundle} is an optional PEM file of extra trusted CAs for this registry's TLS. {@code proxy} is an optional
 * HTTP forward proxy ({@code http://host:port}) every request to this endpoint goes through: the JDK client tunnels
 * https with {@code CONNECT} and sends plain-http requests to the proxy with the absolute URI.
 */
public record RegistryEndpoint(URI baseUrl, boolean insecure, Credentials credentials, Optional<Path> caBundle,
                               Optional<InetSocketAddress> proxy) {

    public RegistryEndpoint(URI baseUrl, boolean insecure, Credentials credentials, Optional<Path> caBundle) {
        this(baseUrl, insecure, credentials, caBundle, Optional.empty());
    }

    public RegistryEndpoint {
        proxy = proxy == null ? Optional.empty() : proxy;
        Objects.requireNonNull(baseUrl, "registry.baseUrl");
        Objects.requireNonNull(credentials, "registry.credentials");
        caBundle = caBundle == null ? Optional.empty() : caBundle;
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("registry.baseUrl must be http(s)://host[:port], got '" + baseUrl + "'");
        }
        if (baseUrl.getHost() == null) {
            throw new IllegalArgumentException("registry.baseUrl has no host: '" + baseUrl + "'");
        }
        if (scheme.equals("http") && !insecure) {
            throw new IllegalArgumentException("registry.baseUrl uses plain http; set insecure=true to allow it");
        }
        if (baseUrl.getUserInfo() != null || baseUrl.getQuery() != null || baseUrl.getFragment() != null) {
            throw new IllegalArgumentException("registry.baseUrl must not carry user info, query or fragment");
        }
        String path = baseUrl.getPath() == null ? "" : baseUrl.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        baseUrl = URI.create(scheme + "://" + baseUrl.getRawAuthority() + path);
    }

    /** A plain-http endpoint (loopback registries in tests and demos). */
    public static RegistryEndpoint insecure(String baseUrl, Credentials credentials) {
        return new RegistryEndpoint(URI.create(baseUrl), true, credentials, Optional.empty());
    }

    public static RegistryEndpoint https(String baseUrl, Credentials credentials) {
        return new RegistryEndpoint(URI.create(baseUrl), false, credentials, Optional.empty());
    }

    /** {@code host:port} as used in image references and messages. */
    public String hostPort() {
        return baseUrl.getRawAuthority();
    }

    /** Resolves a path such as {@code /v2/team/app/blobs/uploads/} against the base URL. */
    public URI resolve(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    @Override
    public String toString() {
        return "RegistryEndpoint[" + baseUrl + (insecure ? ", insecure" : "")
                + proxy.map(p -> ", via proxy " + p.getHostString() + ":" + p.getPort()).orElse("") + ", " + credentials + "]";
    }
}
