package io.meridian.server.db;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which PostgreSQL Meridian uses: an external server, or (by default) an embedded one.
 *
 * @param url          JDBC URL of an external PostgreSQL, e.g. {@code jdbc:postgresql://db:5432/meridian}.
 *                     When empty, Meridian starts its own embedded PostgreSQL under {@code meridian.home}.
 * @param user         User name for the external PostgreSQL (ignored for the embedded one).
 * @param password     Password for the external PostgreSQL (ignored for the embedded one). Never logged.
 * @param embeddedPort Port of the embedded PostgreSQL on 127.0.0.1. 0 reuses the port remembered from the
 *                     last start (if free) or picks a free one; the port in use is written to
 *                     {@code <home>/pgdata.port}.
 * @param maxPoolSize  Maximum number of pooled JDBC connections.
 */
@Validated
@ConfigurationProperties("meridian.db")
public record DatabaseProperties(
        @Pattern(regexp = "^$|^jdbc:postgresql://.+", message = "must be a jdbc:postgresql:// URL")
        @DefaultValue("") String url,
        @DefaultValue("") String user,
        @DefaultValue("") String password,
        @Min(0) @Max(65535) @DefaultValue("0") int embeddedPort,
        @Min(2) @Max(500) @DefaultValue("20") int maxPoolSize) {

    public DatabaseProperties {
        url = url == null ? "" : url.strip();
        user = user == null ? "" : user;
        password = password == null ? "" : password;
    }

    public boolean external() {
        return !url.isBlank();
    }

    /** Never prints the password, nor a URL's query string (it may carry {@code password=}). */
    @Override
    public String toString() {
        int q = url.indexOf('?');
        return "DatabaseProperties[url=" + (q < 0 ? url : url.substring(0, q) + "?…") + ", user=" + user
                + ", password=" + (password.isEmpty() ? "" : "(set)") + ", embeddedPort=" + embeddedPort
                + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
