package io.meridian.server.config;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings shared by the whole server.
 *
 * @param home Directory for Meridian's local state: the embedded PostgreSQL data directory, the
 *             generated admin token and the generated secret key. Relative paths resolve against
 *             the working directory.
 */
@Validated
@ConfigurationProperties("meridian")
public record MeridianProperties(@NotNull @DefaultValue(".meridian") Path home) {
}
