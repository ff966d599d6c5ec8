package io.meridian.server.security;

import io.meridian.sync.oci.AddressGuard;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SSRF guard for every URL Meridian connects to on an operator's behalf (registries; P2P
 * engines and notification targets use the same checks): an address inside {@code url-deny} and
 * outside {@code url-allow} is refused.
 *
 * <ul>
 * <li>At registration, {@link #registrationRefusal(String)} checks a host given as an IP literal
 *     (names are not resolved there: DNS may differ between nodes and over time).</li>
 * <li>At connect time, as the OCI transport's {@link AddressGuard}, it checks every address the host
 *     resolved to, before the connection is made — redirect targets and token realms included.</li>
 * </ul>
 */
public final class UrlGuard implements AddressGuard {

    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9.]+");

    private final List<Cidr> deny;
    private final List<Cidr> allow;

    public UrlGuard(UrlGuardProperties properties) {
        this.deny = parse(properties.urlDeny(), "meridian.security.url-deny");
        this.allow = parse(properties.urlAllow(), "meridian.security.url-allow");
    }

    private static List<Cidr> parse(List<String> blocks, String property) {
        try {
            return blocks.stream().map(Cidr::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    /** Why {@code address} is refused, if it is. */
    public Optional<String> refusal(InetAddress address) {
        if (allow.stream().anyMatch(c -> c.contains(address))) {
            return Optional.empty();
        }
        return deny.stream().filter(c -> c.contains(address)).findFirst()
                .map(c -> "address " + address.getHostAddress() + " is in " + c
                        + " (meridian.security.url-deny; allow it with meridian.security.url-allow)");
    }

    @Override
    public String refusal(String host, List<InetAddress> addresses) {
        for (InetAddress address : addresses) {
            Optional<String> refused = refusal(address);
            if (refused.isPresent()) {
                return "host " + host + " resolves to " + refused.get();
            }
        }
        return null;
    }

    /**
     * The registration check of a URL: empty when allowed (or not decidable without DNS), else the
     * reason, for a 400 naming the URL's field.
     */
    public Optional<String> registrationRefusal(String url) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the URL's own validation reports it
        }
        if (host == null) {
            return Optional.empty();
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.contains(":") && !IPV4_LITERAL.matcher(literal).matches()) {
            return Optional.empty(); // a name: checked after DNS, at connect time
        }
        try {
            return refusal(InetAddress.getByName(literal));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
