package io.meridian.regions;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import io.meridian.validation.Names;
import io.meridian.validation.Violations;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One more way to reach a registry besides its {@code url} (which stays its endpoint {@value #DEFAULT}): a VPC
 * endpoint, an accelerated cross-border endpoint, the same host through a corporate egress proxy. Credentials are
 * the registry's; an endpoint only changes the way there.
 *
 * @param name          unique within the registry, a DNS label; {@value #DEFAULT} is the registry's own url
 * @param url           {@code http(s)://host[:port]}, normalised as the registry url is
 * @param kind          public, vpc or accelerated (sets the prior estimate until it is measured)
 * @param reachableFrom the regions whose nodes may use it (its ACL); empty = every node, also one without a region
 * @param proxy         an HTTP forward proxy {@code http://host:port} (CONNECT for https endpoints, absolute-URI
 *                      requests for http ones), or null for a direct connection
 * @param caBundle      absolute path of a PEM bundle of extra CAs for this endpoint's TLS, or null
 */
public record EndpointDefinition(String name, String url, EndpointKind kind, List<String> reachableFrom, String proxy,
                                 String caBundle) {

    /** The name of the endpoint a registry's own {@code url} is. */
    public static final String DEFAULT = "default";
    public static final int MAX_ENDPOINTS = 16;

    public EndpointDefinition {
        // not List.copyOf: a null entry is a violation to report, not a NullPointerException
        reachableFrom = reachableFrom == null ? List.of()
                : java.util.Collections.unmodifiableList(new ArrayList<>(reachableFrom));
        Violations v = new Violations();
        Names.check(v, "name", name);
        if (DEFAULT.equals(name)) {
            v.add("name", "\"" + DEFAULT + "\" is the registry's own url; choose another name");
        }
        if (kind == null) {
            v.add("kind", "must be one of public, vpc, accelerated");
        }
        url = RegistryDefinition.normaliseUrl(url, true, false, "url", v);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < reachableFrom.size(); i++) {
            String region = reachableFrom.get(i);
            String problem = region == null ? "must not be empty" : Names.problem(region);
            if (problem != null) {
                v.add("reachableFrom[" + i + "]", problem);
            } else if (!seen.add(region)) {
                v.add("reachableFrom[" + i + "]", "duplicate region \"" + region + "\"");
            }
        }
        proxy = proxy == null || proxy.isBlank() ? null : normaliseProxy(proxy, v);
        if (caBundle != null && url != null && !url.startsWith("https://")) {
            v.add("caBundle", "only applies to https:// endpoints");
        }
        v.throwIfAny("endpoint");
    }

    public URI uri() {
        return URI.create(url);
    }

    /** May a node of {@code nodeRegion} (null: a node with no region) use this endpoint? */
    public boolean reachableFrom(String nodeRegion) {
        return reachableFrom.isEmpty() || (nodeRegion != null && reachableFrom.contains(nodeRegion));
    }

    /**
     * Checks a registry's endpoint list, naming each field by its path ({@code endpoints[1].url}); an http endpoint
     * needs the registry's {@code insecure}, names must be unique.
     *
     * @param build builds entry {@code i} (throws {@link InvalidDefinitionException} for a bad one)
     */
    public static List<EndpointDefinition> checkAll(int count, java.util.function.IntFunction<EndpointDefinition> build,
                                                    boolean insecure, Violations v) {
        if (count > MAX_ENDPOINTS) {
            v.add("endpoints", "at most " + MAX_ENDPOINTS + " endpoints, was " + count);
            return List.of();
        }
        List<EndpointDefinition> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String at = "endpoints[" + i + "]";
            try {
                EndpointDefinition e = build.apply(i);
                if (e == null) {
                    v.add(at, "must not be null");
                    continue;
                }
                if (!names.add(e.name())) {
                    v.add(at + ".name", "duplicate endpoint name \"" + e.name() + "\"");
                }
                if (e.url().startsWith("http://") && !insecure) {
                    v.add(at + ".url", "plain http:// needs the registry's insecure: true");
                }
                out.add(e);
            } catch (InvalidDefinitionException e) {
                for (FieldViolation f : e.violations()) {
                    v.add(at + "." + f.field(), f.message());
                }
            } catch (IllegalArgumentException e) {
                v.add(at + ".kind", e.getMessage());
            }
        }
        return out;
    }

    private static String normaliseProxy(String proxy, Violations v) {
        URI uri;
        try {
            uri = new URI(proxy.trim());
        } catch (URISyntaxException e) {
            v.add("proxy", "is not a valid URL: " + Names.printable(e.getReason()));
            return proxy;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            v.add("proxy", "must be an http://host:port forward proxy (it tunnels https with CONNECT), was \""
                    + Names.printable(proxy) + "\"");
            return proxy;
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            v.add("proxy", "must name a host and a port, was \"" + Names.printable(proxy) + "\"");
            return proxy;
        }
        if (uri.getRawUserInfo() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/")) || uri.getRawQuery() != null) {
            v.add("proxy", "must be only http://host:port (no user info, path or query)");
            return proxy;
        }
        return "http://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + uri.getPort();
    }
}
