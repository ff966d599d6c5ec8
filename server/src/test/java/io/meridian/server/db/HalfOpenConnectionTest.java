package io.meridian.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.meridian.db.testing.TestDatabase;
import io.meridian.sync.batch.DatabaseOutage;
import io.meridian.sync.testing.LinkSwitch;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A half-open database connection — the PostgreSQL host crashed or the network dropped the connection without a
 * word — on the real server, through a relay that goes silent in the middle of a statement: the pool Meridian builds
 * ends the waiting read after {@code meridian.db.socket-timeout} with an error {@link DatabaseOutage} recognises (so
 * the job ends, its execution stays active and is resumed), where the driver's default would wait for ever.
 */
class HalfOpenConnectionTest {

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(.+)");

    @Test
    void aReadOnASilentConnectionEndsAfterTheSocketTimeout() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Matcher url = URL.matcher(db.jdbcUrl());
            assertThat(url.matches()).as(db.jdbcUrl()).isTrue();
            try (LinkSwitch link = new LinkSwitch(Integer.parseInt(url.group(2)));
                 HikariDataSource pool = new DataSourceConfiguration().dataSource(
                         new DatabaseProperties("jdbc:postgresql://127.0.0.1:" + link.port() + "/" + url.group(3),
                                 db.user(), db.password() == null ? "" : db.password(), 0, 2, Duration.ofSeconds(2)),
                         new StaticListableBeanFactory().getBeanProvider(EmbeddedDatabase.class))) {
                JdbcTemplate jdbc = new JdbcTemplate(pool);
                assertThat(jdbc.queryForObject("SELECT 1", Integer.class)).isEqualTo(1);

                long started = System.nanoTime();
                CompletableFuture<Integer> statement = CompletableFuture.supplyAsync(
                        () -> jdbc.queryForObject("SELECT 1 FROM pg_sleep(0.5)", Integer.class));
                Thread.sleep(200);
                link.silence(); // the answer, due in 0.3 s, never arrives

                ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> statement.get(30, TimeUnit.SECONDS), "the statement ended (not a hang past 30 s)");
                double seconds = (System.nanoTime() - started) / 1e9;
                assertThat(DatabaseOutage.isCause(failure.getCause())).as("a database outage: %s", failure.getCause())
                        .isTrue();
                assertThat(seconds).as("ended by the 2 s socket timeout").isBetween(1.9, 15.0);
            }
        }
    }
}
