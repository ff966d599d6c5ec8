package io.meridian.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The one place that knows where Meridian's migrations live. The server lets Spring Boot's
 * Flyway auto-configuration run them (same default location); tests and tools call this.
 */
public final class MeridianMigrations {

    /** Classpath location of the SQL migrations and package of the Java ones. */
    public static final String LOCATION = "classpath:db/migration";

    private MeridianMigrations() {
    }

    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load();
    }

    public static MigrateResult migrate(DataSource dataSource) {
        return flyway(dataSource).migrate();
    }
}
