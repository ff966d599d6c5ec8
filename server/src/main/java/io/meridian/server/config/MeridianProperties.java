package io.meridian.server.config;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Settings shared by the whole server. */
@Validated
@ConfigurationProperties("meridian")
public class MeridianProperties {

    /**
     * Directory for Meridian's local state: the embedded PostgreSQL data directory, the
     * generated admin token and the generated secret key. Relative paths resolve against
     * the working directory.
     */
    @NotNull
    private Path home = Path.of(".meridian");

    public Path getHome() {
        return home;
    }

    public void setHome(Path home) {
        this.home = home;
    }
}
