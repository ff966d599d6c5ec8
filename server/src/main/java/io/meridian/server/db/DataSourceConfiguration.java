package io.meridian.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.meridian.server.config.MeridianProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one DataSource: the external PostgreSQL named by {@code meridian.db.url}, otherwise the
 * embedded one. Flyway, Spring Batch, Quartz and our repositories all share it.
 * Boot's own DataSource auto-configuration backs off because this bean exists.
 */
@Configuration(proxyBeanMethods = false)
public class DataSourceConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DataSourceConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${meridian.db.url:}'.isBlank()")
    EmbeddedDatabase embeddedDatabase(MeridianProperties meridian, DatabaseProperties db) {
        return EmbeddedDatabase.start(meridian.home(), db.embeddedPort());
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties db, ObjectProvider<EmbeddedDatabase> embedded) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("meridian");
        config.setMaximumPoolSize(db.maxPoolSize());
        // a half-open connection (crashed host, silently dropped link) ends a read after socketTimeout instead of
        // never; keep-alives let the kernel notice a dead peer on idle connections too. The URL may override both.
        config.addDataSourceProperty("socketTimeout", Long.toString(db.socketTimeout().toSeconds()));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        if (db.external()) {
            config.setJdbcUrl(db.url());
            config.setUsername(db.user().isEmpty() ? null : db.user());
            config.setPassword(db.password().isEmpty() ? null : db.password());
            LOG.info("using external PostgreSQL at {}", redact(db.url()));
        } else {
            EmbeddedDatabase pg = embedded.getObject();
            config.setJdbcUrl(pg.jdbcUrl());
        }
        return new HikariDataSource(config);
    }

    /** Drops any query string: a JDBC URL may carry {@code password=}. */
    static String redact(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q) + "?…";
    }

}
