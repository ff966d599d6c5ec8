package io.meridian.server.paths;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Measuring registry endpoints ({@code meridian.paths.*}, docs/PATHS.md).
 *
 * @param probeInterval   How often the endpoint probe runs (Quartz, clustered): {@code GET /v2/} three times and a
 *                        bounded read of a known blob per endpoint usable from the node that runs it.
 * @param persistInterval How often this node writes its in-memory endpoint estimates to the database.
 */
@Validated
@ConfigurationProperties("meridian.paths")
public record PathsProperties(
        @NotNull @DefaultValue("5m") Duration probeInterval,
        @NotNull @DefaultValue("1m") Duration persistInterval) {
}
