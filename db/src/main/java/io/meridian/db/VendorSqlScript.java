package io.meridian.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A DDL script shipped inside a library's own jar (Spring Batch, Quartz), run as part of our
 * Flyway history so one migration history owns the whole schema and we never paste
 * (and silently fork) someone else's DDL.
 *
 * <p>The scripts are plain DDL: statements end with {@code ;}, comments are whole lines
 * starting with {@code --}, and there are no functions or string literals containing
 * semicolons. A transaction-control {@code COMMIT;} (Quartz ends with one) is skipped
 * because Flyway runs the migration in its own transaction.
 */
public final class VendorSqlScript {

    private final String resource;
    private final List<String> statements;

    private VendorSqlScript(String resource, List<String> statements) {
        this.resource = resource;
        this.statements = List.copyOf(statements);
    }

    /** Loads {@code resource} (a classpath path without leading slash) with the given loader. */
    public static VendorSqlScript load(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("DDL script " + resource + " not found on the classpath");
            }
            return new VendorSqlScript(resource, split(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read DDL script " + resource, e);
        }
    }

    static List<String> split(String script) {
        StringBuilder body = new StringBuilder();
        for (String line : script.split("\\R")) {
            if (!line.strip().startsWith("--")) {
                body.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String part : body.toString().split(";")) {
            String sql = part.strip();
            if (sql.isEmpty() || sql.toUpperCase(Locale.ROOT).equals("COMMIT")) {
                continue;
            }
            out.add(sql);
        }
        return out;
    }

    public List<String> statements() {
        return statements;
    }

    public String resource() {
        return resource;
    }

    /** Executes every statement on {@code connection}; the caller owns the transaction. */
    public void execute(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String sql : statements) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException("statement from " + resource + " failed: " + firstLine(sql), e);
                }
            }
        }
    }

    private static String firstLine(String sql) {
        int nl = sql.indexOf('\n');
        return nl < 0 ? sql : sql.substring(0, nl);
    }
}
