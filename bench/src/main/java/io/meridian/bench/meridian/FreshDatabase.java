package io.meridian.bench.meridian;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A uniquely named PostgreSQL database on 127.0.0.1:5432 for one server under test; dropped at close. */
public final class FreshDatabase implements AutoCloseable {

    public static final String HOST = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";
    private final String name;

    private FreshDatabase(String name) {
        this.name = name;
    }

    public static FreshDatabase create(String label) {
        String name = "meridian_bench_" + label.replaceAll("[^a-z0-9]", "_") + "_" + Long.toString(System.nanoTime(), 36);
        try (Connection c = DriverManager.getConnection(HOST + "postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on 127.0.0.1:5432: " + e.getMessage(), e);
        }
        return new FreshDatabase(name);
    }

    public String jdbcUrl() {
        return HOST + name;
    }

    /** Rows inserted + updated in all user tables so far (PostgreSQL's cumulative statistics). */
    public long rowsWritten() {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(sum(n_tup_ins + n_tup_upd), 0) FROM pg_stat_user_tables")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("reading statistics of " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(HOST + "postgres", USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop " + name + ": " + e.getMessage());
        }
    }
}
