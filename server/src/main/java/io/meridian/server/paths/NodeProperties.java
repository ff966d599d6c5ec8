package io.meridian.server.paths;

import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This node ({@code meridian.node.*}).
 *
 * @param region The region this node runs in ({@code MERIDIAN_NODE_REGION}), e.g. {@code cn-hangzhou}: it may use
 *               endpoints whose {@code reachableFrom} names it, and endpoint priors come from the region link
 *               between it and a registry's region. Empty: no region, only endpoints reachable from everywhere.
 */
@ConfigurationProperties("meridian.node")
public record NodeProperties(@DefaultValue("") String region) {

    public Optional<String> regionName() {
        return region == null || region.isBlank() ? Optional.empty() : Optional.of(region.trim());
    }
}
