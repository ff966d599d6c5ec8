package io.meridian.server.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which addresses Meridian may connect to for the URLs operators register ({@code meridian.security.*}),
 * checked at registration and again, after DNS, before every connection.
 *
 * @param urlDeny  CIDR blocks (or single addresses) Meridian refuses to connect to. The default refuses
 *                 link-local addresses and the cloud metadata services (169.254.0.0/16, fe80::/10,
 *                 169.254.169.254, fd00:ec2::254, 100.100.100.200). Setting it replaces the default list,
 *                 so keep those entries when adding e.g. {@code 127.0.0.0/8} or {@code 10.0.0.0/8}
 *                 (loopback and private ranges are allowed unless listed here).
 * @param urlAllow CIDR blocks (or single addresses) allowed even when {@code url-deny} covers them: an
 *                 exception for one registry inside a denied range.
 */
@Validated
@ConfigurationProperties("meridian.security")
public record UrlGuardProperties(
        @DefaultValue({"169.254.0.0/16", "fe80::/10", "169.254.169.254/32", "fd00:ec2::254/128", "100.100.100.200/32"})
        List<String> urlDeny,
        @DefaultValue({}) List<String> urlAllow) {

    public UrlGuardProperties {
        urlDeny = urlDeny == null ? List.of() : List.copyOf(urlDeny);
        urlAllow = urlAllow == null ? List.of() : List.copyOf(urlAllow);
    }
}
