package io.meridian.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.MeridianApplication;
import io.meridian.server.ServerTestBase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The whole application on its embedded PostgreSQL: start → write → stop → start → read. */
class EmbeddedModeApplicationTest {

    @Test
    void startsOnTheEmbeddedDatabaseAndKeepsDataAcrossRestarts(@TempDir Path home) {
        try (ConfigurableApplicationContext app = start(home)) {
            assertThat(app.getBean(EmbeddedDatabase.class).dataDirectory()).startsWith(home.toAbsolutePath());
            app.getBean(JdbcClient.class)
                    .sql("insert into regions(name, display_name) values ('embedded-kept', 'survives restarts')").update();
        }
        assertThat(home.resolve("secret.key")).exists();
        try (ConfigurableApplicationContext app = start(home)) {
            assertThat(app.getBean(JdbcClient.class).sql("select display_name from regions where name = 'embedded-kept'")
                    .query(String.class).single()).isEqualTo("survives restarts");
        }
    }

    private static ConfigurableApplicationContext start(Path home) {
        return SpringApplication.run(MeridianApplication.class,
                "--server.port=0",
                "--meridian.db.url=",
                "--meridian.home=" + home,
                "--meridian.admin.token=" + ServerTestBase.ADMIN_TOKEN,
                "--spring.quartz.auto-startup=false",
                // Quartz registers its JDBC connection provider JVM-wide under the scheduler's name: with the
                // default name this context would replace the shared test server's, and closing it would
                // leave that server's scheduler on a closed pool.
                "--spring.quartz.scheduler-name=meridian-embedded-mode-test");
    }
}
