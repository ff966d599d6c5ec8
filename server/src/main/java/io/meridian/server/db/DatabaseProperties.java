package io.meridian.server.db;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Which PostgreSQL Meridian uses: an external server, or (by default) an embedded one. */
@Validated
@ConfigurationProperties("meridian.db")
public class DatabaseProperties {

    /**
     * JDBC URL of an external PostgreSQL, e.g. {@code jdbc:postgresql://db:5432/meridian}.
     * When empty, Meridian starts its own embedded PostgreSQL under {@code meridian.home}.
     */
    @Pattern(regexp = "^$|^jdbc:postgresql://.+", message = "must be a jdbc:postgresql:// URL")
    private String url = "";

    /** User name for the external PostgreSQL (ignored for the embedded one). */
    private String user = "";

    /** Password for the external PostgreSQL (ignored for the embedded one). Never logged. */
    private String password = "";

    /**
     * Port of the embedded PostgreSQL on 127.0.0.1. 0 reuses the port remembered from the
     * last start (if free) or picks a free one; the port in use is written to
     * {@code <home>/pgdata.port}.
     */
    @Min(0)
    @Max(65535)
    private int embeddedPort;

    /** Maximum number of pooled JDBC connections. */
    @Min(2)
    @Max(500)
    private int maxPoolSize = 20;

    public boolean external() {
        return !url.isBlank();
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url == null ? "" : url.strip();
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user == null ? "" : user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password == null ? "" : password;
    }

    public int getEmbeddedPort() {
        return embeddedPort;
    }

    public void setEmbeddedPort(int embeddedPort) {
        this.embeddedPort = embeddedPort;
    }

    public int getMaxPoolSize() {
        return maxPoolSize;
    }

    public void setMaxPoolSize(int maxPoolSize) {
        this.maxPoolSize = maxPoolSize;
    }
}
