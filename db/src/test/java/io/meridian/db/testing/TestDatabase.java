package io.meridian.db.testing;

import io.meridian.db.MeridianMigrations;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh, uniquely named PostgreSQL database on the real server at 127.0.0.1:5432
 * (user {@code postgres}, trust auth), migrated with Meridian's Flyway history, dropped on
 * {@link #close()}. Each test run gets its own database so parallel runs never collide.
 *
 * <p>Host, port and user can be overridden with the environment variables
 * {@code MERIDIAN_TEST_PG_HOST}, {@code MERIDIAN_TEST_PG_PORT}, {@code MERIDIAN_TEST_PG_USER}
 * and {@code MERIDIAN_TEST_PG_PASSWORD}.
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabase.create()) {
 *     new JdbcTemplate(db.dataSource())...
 * }
 * }</pre>
 * {@link #shared()} gives one database per JVM (dropped at JVM exit), for suites that share
 * a Spring context.
 */
public final class TestDatabase implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile TestDatabase shared;
    private static final java.util.Set<TestDatabase> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String name;
    private volatile boolean closed;

    private TestDatabase(String host, int port, String user, String password, String name) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    /** Creates and migrates a new database. */
    public static TestDatabase create() {
        TestDatabase db = createEmpty();
        try {
            MeridianMigrations.migrate(db.dataSource());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return db;
    }

    /** Creates a new database without running the migrations (for migration tests). */
    public static TestDatabase createEmpty() {
        String host = env("MERIDIAN_TEST_PG_HOST", "127.0.0.1");
        int port = Integer.parseInt(env("MERIDIAN_TEST_PG_PORT", "5432"));
        String user = env("MERIDIAN_TEST_PG_USER", "postgres");
        String password = env("MERIDIAN_TEST_PG_PASSWORD", "");
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        String name = "meridian_test_" + HexFormat.of().formatHex(suffix);
        TestDatabase db = new TestDatabase(host, port, user, password, name);
        db.admin("CREATE DATABASE " + name);
        OPEN.add(db);
        return db;
    }

    /** One migrated database for the whole JVM, dropped by a shutdown hook. */
    public static TestDatabase shared() {
        TestDatabase db = shared;
        if (db == null) {
            synchronized (TestDatabase.class) {
                db = shared;
                if (db == null) {
                    db = create();
                    Runtime.getRuntime().addShutdownHook(new Thread(db::close, "drop-" + db.name));
                    shared = db;
                }
            }
        }
        return db;
    }

    /** The databases this JVM created and has not dropped yet (the shared one included), e.g. to scan them. */
    public static java.util.List<TestDatabase> open() {
        return java.util.List.copyOf(OPEN);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A non-pooling DataSource; each call returns a new instance over the same database. */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(jdbcUrl());
        ds.setUser(user);
        if (!password.isEmpty()) {
            ds.setPassword(password);
        }
        return ds;
    }

    /** Drops the database, disconnecting whoever still uses it. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        OPEN.remove(this);
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) {
        String url = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection c = DriverManager.getConnection(url, user, password.isEmpty() ? null : password);
             Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " as " + user
                    + " refused `" + sql.toLowerCase(Locale.ROOT) + "`: " + e.getMessage()
                    + " (is PostgreSQL running? .ci/run starts it)", e);
        }
    }

    private static String env(String name, String fallback) {
        return Objects.requireNonNullElse(System.getenv(name), fallback);
    }

    @Override
    public String toString() {
        return "TestDatabase[" + jdbcUrl() + "]";
    }
}
