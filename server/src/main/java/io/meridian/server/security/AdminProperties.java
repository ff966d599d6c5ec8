package io.meridian.server.security;

import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The bootstrap administrator token. */
@Validated
@ConfigurationProperties("meridian.admin")
public class AdminProperties {

    /**
     * Bootstrap admin API token (at least 20 characters). When empty, one is generated on the
     * first start, printed once and written to {@code <meridian.home>/admin-token} (mode 600).
     * Only its SHA-256 is stored in the database. Changing it revokes the previous one.
     */
    @Pattern(regexp = "^$|^\\S{20,}$", message = "must be at least 20 characters without spaces")
    private String token = "";

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token == null ? "" : token.strip();
    }
}
