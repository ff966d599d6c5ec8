package io.meridian.sync.batch;

import io.meridian.sync.plan.PlannedTask;
import io.meridian.sync.plan.TaskSink;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Persists planned tasks with JDBC batch inserts ({@value #DEFAULT_BATCH} rows a round trip).
 * Idempotent: a replan after a crash inserts only what is missing.
 */
public final class JdbcTaskSink implements TaskSink {

    public static final int DEFAULT_BATCH = 500;

    private static final String INSERT = """
            INSERT INTO tasks (execution_id, source_repository, reference, digest, media_type,
                               destination_registry_id, destination_repository, state, error_code, error_message,
                               finished_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END)
            ON CONFLICT (execution_id, source_repository, reference, destination_registry_id, destination_repository)
            DO NOTHING""";

    private final JdbcTemplate jdbc;
    private final UUID executionId;
    private final int batchSize;
    private final List<PlannedTask> buffer = new ArrayList<>();

    public JdbcTaskSink(DataSource dataSource, UUID executionId, int batchSize) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.executionId = executionId;
        this.batchSize = batchSize;
    }

    @Override
    public void accept(PlannedTask task) {
        List<PlannedTask> full = null;
        synchronized (buffer) {
            buffer.add(task);
            if (buffer.size() >= batchSize) {
                full = new ArrayList<>(buffer);
                buffer.clear();
            }
        }
        if (full != null) {
            write(full);
        }
    }

    @Override
    public void flush() {
        List<PlannedTask> rest;
        synchronized (buffer) {
            rest = new ArrayList<>(buffer);
            buffer.clear();
        }
        if (!rest.isEmpty()) {
            write(rest);
        }
    }

    private void write(List<PlannedTask> tasks) {
        jdbc.batchUpdate(INSERT, tasks, tasks.size(), (ps, t) -> {
            ps.setObject(1, executionId);
            ps.setString(2, t.sourceRepository());
            ps.setString(3, t.reference());
            ps.setString(4, t.digest());
            ps.setString(5, t.mediaType());
            ps.setLong(6, t.destinationRegistryId());
            ps.setString(7, t.destinationRepository());
            ps.setString(8, t.state().name());
            ps.setString(9, t.errorCode());
            if (t.errorMessage() == null) {
                ps.setNull(10, Types.VARCHAR);
            } else {
                ps.setString(10, t.errorMessage());
            }
            ps.setBoolean(11, t.state().isFinal());
        });
    }
}
