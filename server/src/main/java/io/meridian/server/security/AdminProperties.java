package io.meridian.server.security;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The bootstrap administrator token.
 *
 * @param token Bootstrap admin API token (at least 20 characters). When empty, one is generated on the
 *              first start, printed once and written to {@code <meridian.home>/admin-token} (mode 600).
 *              Only its SHA-256 is stored in the database. Changing it revokes the previous one.
 */
@Validated
@ConfigurationProperties("meridian.admin")
public record AdminProperties(
        @Pattern(regexp = "^$|^\\S{20,}$", message = "must be at least 20 characters without spaces")
        @DefaultValue("") String token) {

    public AdminProperties {
        token = token == null ? "" : token.strip();
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "AdminProperties[token=" + (token.isEmpty() ? "(generated)" : "(set)") + "]";
    }
}
