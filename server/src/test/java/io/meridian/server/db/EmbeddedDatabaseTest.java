package io.meridian.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.db.MeridianMigrations;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

class EmbeddedDatabaseTest {

    @Test
    void keepsDataAcrossRestarts(@TempDir Path home) throws Exception {
        int firstPort;
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(home, 0)) {
            firstPort = pg.port();
            PGSimpleDataSource ds = dataSource(pg);
            assertThat(MeridianMigrations.migrate(ds).migrationsExecuted).isGreaterThanOrEqualTo(3);
            JdbcClient.create(ds).sql("insert into regions(name, display_name) values ('persisted', 'Kept')").update();
        }
        assertThat(Files.readString(home.resolve("pgdata.port")).strip()).isEqualTo(Integer.toString(firstPort));
        assertThat(home.resolve("pgdata/PG_VERSION")).exists();

        try (EmbeddedDatabase pg = EmbeddedDatabase.start(home, 0)) {
            assertThat(pg.port()).as("the remembered port is reused").isEqualTo(firstPort);
            PGSimpleDataSource ds = dataSource(pg);
            assertThat(MeridianMigrations.migrate(ds).migrationsExecuted).isZero();
            assertThat(JdbcClient.create(ds).sql("select display_name from regions where name = 'persisted'")
                    .query(String.class).single()).isEqualTo("Kept");
        }
    }

    private static PGSimpleDataSource dataSource(EmbeddedDatabase pg) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(pg.jdbcUrl());
        return ds;
    }
}
