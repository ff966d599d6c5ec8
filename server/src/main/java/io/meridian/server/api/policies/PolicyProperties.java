package io.meridian.server.api.policies;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rules for accepting sync policies ({@code meridian.policies.*}).
 *
 * @param minCronInterval The most often a policy's cron trigger may fire: a cron expression with two firings
 *                        closer than this is refused with a 400 naming {@code trigger.cron}
 *                        ({@code * * * * * ?} fires every second). Policies stored earlier keep running.
 *                        Zero: no limit.
 */
@Validated
@ConfigurationProperties("meridian.policies")
public record PolicyProperties(@DefaultValue("1m") @NotNull Duration minCronInterval) {
}
