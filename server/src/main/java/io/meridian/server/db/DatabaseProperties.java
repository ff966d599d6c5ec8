package io.meridian.server.db;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
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
 * @param socketTimeout How long one read from PostgreSQL may wait for data before the connection is given up as
 *                     broken. A database host that crashed, or a network that dropped the connection silently,
 *                     leaves it half-open: without a bound the waiting thread — and the replication job it serves —
 *                     would wait for ever, and no other node would take the job over (its lease is still renewed).
 *                     Longer than the longest statement, schema migrations included. 0: no bound.
 */
@Validated
@ConfigurationProperties("meridian.db")
public record DatabaseProperties(
        @Pattern(regexp = "^$|^jdbc:postgresql://.+", message = "must be a jdbc:postgresql:// URL")
        @DefaultValue("") String url,
        @DefaultValue("") String user,
        @DefaultValue("") String password,
        @Min(0) @Max(65535) @DefaultValue("0") int embeddedPort,
        @Min(2) @Max(500) @DefaultValue("20") int maxPoolSize,
        @NotNull @DefaultValue("10m") Duration socketTimeout) {

    public DatabaseProperties {
        url = url == null ? "" : url.strip();
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (socketTimeout != null && socketTimeout.isNegative()) {
            throw new IllegalArgumentException("meridian.db.socket-timeout must not be negative: " + socketTimeout);
        }
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
                + ", maxPoolSize=" + maxPoolSize + ", socketTimeout=" + socketTimeout + "]";
    }
}
