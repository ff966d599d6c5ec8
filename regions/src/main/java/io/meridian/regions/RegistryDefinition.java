package io.meridian.regions;

import io.meridian.validation.Names;
import io.meridian.validation.Violations;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A registry Meridian reads from or writes to: where it is ({@code region}), how to reach it
 * ({@code url}, the scheme and authority only, since the API paths are fixed by the protocol)
 * and what it speaks ({@code kind}). Credentials are not part of the definition: they are
 * secrets, stored encrypted beside it and never echoed.
 *
 * @param url      {@code http(s)://host[:port]} with no path, query, fragment or user info;
 *                 normalised without a trailing slash. A chart repository ({@code helm-http},
 *                 {@code chartmuseum}) may have a path: its {@code index.yaml} lives below it
 * @param insecure allow plain HTTP (loopback and lab registries); required for {@code http://}
 */
public record RegistryDefinition(String name, String region, String url, boolean insecure, RegistryKind kind) {

    public static final int MAX_URL_LENGTH = 2048;

    public RegistryDefinition {
        Violations v = new Violations();
        Names.check(v, "name", name);
        if (region == null) {
            v.add("region", "must not be empty");
        } else {
            String problem = Names.problem(region);
            if (problem != null) {
                v.add("region", problem);
            }
        }
        if (kind == null) {
            kind = RegistryKind.DISTRIBUTION;
        }
        url = normaliseUrl(url, insecure, kind.chartRepository(), "url", v);
        v.throwIfAny("registry");
    }

    public URI uri() {
        return URI.create(url);
    }

    /**
     * Never echoes a URL that carries user info: that part is very likely a password. Shared with
     * {@link EndpointDefinition} (there {@code insecure} is checked against the registry afterwards).
     */
    static String normaliseUrl(String url, boolean insecure, boolean pathAllowed, String field, Violations v) {
        if (url == null || url.isBlank()) {
            v.add(field, "must not be empty");
            return url;
        }
        if (url.length() > MAX_URL_LENGTH) {
            v.add(field, "must be at most " + MAX_URL_LENGTH + " characters");
            return url;
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            v.add(field, "is not a valid URL: " + Names.printable(e.getReason()));
            return url;
        }
        if (uri.getRawUserInfo() != null) {
            v.add(field, "must not contain user info; give credentials as username and password");
            return url;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            v.add(field, "must start with http:// or https://, was \"" + Names.printable(url) + "\"");
            return url;
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            v.add(field, "must name a host, was \"" + Names.printable(url) + "\"");
            return url;
        }
        String path = uri.getRawPath();
        String keptPath = "";
        if (pathAllowed && path != null) {
            keptPath = path.replaceAll("/+$", "");
            if (keptPath.contains("..") || keptPath.contains("//")) {
                v.add(field, "path must not contain '..' or '//', was \"" + Names.printable(url) + "\"");
            }
        } else if (path != null && !path.isEmpty() && !path.equals("/")) {
            v.add(field, "must not have a path (the registry API lives at /v2/), was \"" + Names.printable(url) + "\"");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            v.add(field, "must not have a query or fragment, was \"" + Names.printable(url) + "\"");
        }
        if ("http".equals(scheme) && !insecure) {
            v.add("insecure", "must be true for a plain http:// URL");
        }
        int port = uri.getPort();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port >= 0 ? ":" + port : "") + keptPath;
    }
}
