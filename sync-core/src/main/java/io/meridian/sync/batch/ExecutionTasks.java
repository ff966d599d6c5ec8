package io.meridian.sync.batch;

import io.meridian.sync.plan.TaskState;
import io.meridian.sync.transfer.BlobMethod;
import io.meridian.sync.transfer.TaskProgress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transfer step's view of {@code tasks}, {@code blob_transfers} and per-registry bytes.
 * Picking a wave and recording its results are each one short transaction: no connection is
 * held while a wave copies (minutes, perhaps), so many partitions do not drain the pool.
 */
public final class ExecutionTasks {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public ExecutionTasks(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));
    }

    /** Source repositories that still have work (one transfer partition each). */
    public List<String> repositoriesWithWork(UUID executionId) {
        return jdbc.queryForList("""
                SELECT DISTINCT source_repository FROM tasks
                 WHERE execution_id = ? AND state IN ('PENDING', 'RUNNING') ORDER BY source_repository""",
                String.class, executionId);
    }

    /** Tasks left RUNNING by a process that died go back to PENDING (their blobs are HEADed again). */
    public int resetRunning(UUID executionId, String repository) {
        return jdbc.update("""
                UPDATE tasks SET state = 'PENDING', started_at = NULL
                 WHERE execution_id = ? AND source_repository = ? AND state = 'RUNNING'""",
                executionId, repository);
    }

    /**
     * The next {@code artifacts} artifacts of {@code repository} with pending tasks (all their
     * destinations), marked RUNNING.
     */
    public List<TaskRow> nextWave(UUID executionId, String repository, int artifacts) {
        return transaction.execute(status -> pickWave(executionId, repository, artifacts));
    }

    private List<TaskRow> pickWave(UUID executionId, String repository, int artifacts) {
        List<TaskRow> rows = jdbc.query("""
                SELECT id, source_repository, reference, digest, destination_registry_id, destination_repository, state
                  FROM tasks
                 WHERE execution_id = ? AND source_repository = ? AND state = 'PENDING'
                   AND reference IN (SELECT DISTINCT reference FROM tasks
                                      WHERE execution_id = ? AND source_repository = ? AND state = 'PENDING'
                                      ORDER BY reference LIMIT ?)
                 ORDER BY reference, id""",
                ExecutionTasks::row, executionId, repository, executionId, repository, artifacts);
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("UPDATE tasks SET state = 'RUNNING', started_at = now() WHERE id = ?", rows,
                    rows.size(), (ps, r) -> ps.setLong(1, r.id()));
        }
        return rows;
    }

    /** Records a wave's outcomes: task states, one row per blob moved, bytes per registry. */
    public void record(UUID executionId, long sourceRegistryId, List<TaskOutcome> outcomes) {
        transaction.executeWithoutResult(status -> write(executionId, sourceRegistryId, outcomes));
    }

    private void write(UUID executionId, long sourceRegistryId, List<TaskOutcome> outcomes) {
        jdbc.batchUpdate("""
                UPDATE tasks SET state = ?, bytes = ?, error_code = ?, error_message = ?, finished_at = now()
                 WHERE id = ?""", outcomes, outcomes.size(), (ps, o) -> {
                    ps.setString(1, o.state().name());
                    ps.setLong(2, o.progress() == null ? 0 : o.progress().bytesWritten());
                    ps.setString(3, o.error() == null ? null : o.error().code());
                    ps.setString(4, o.error() == null ? null : o.error().message());
                    ps.setLong(5, o.task().id());
                });
        List<Object[]> blobs = new ArrayList<>();
        Map<List<Object>, Long> locations = new java.util.LinkedHashMap<>();
        Map<Long, long[]> bytes = new HashMap<>();
        for (TaskOutcome o : outcomes) {
            if (o.progress() == null) {
                continue;
            }
            for (TaskProgress.BlobRecord b : o.progress().blobs()) {
                blobs.add(new Object[] {executionId, o.task().id(), b.digest().toString(),
                        o.task().destinationRegistryId(), b.method().column(), b.bytes()});
                locations.put(List.of(o.task().destinationRegistryId(), o.task().destinationRepository(),
                        b.digest().toString()), b.size());
            }
            bytes.computeIfAbsent(sourceRegistryId, k -> new long[2])[0] += o.progress().bytesRead();
            bytes.computeIfAbsent(o.task().destinationRegistryId(), k -> new long[2])[1] += o.progress().bytesWritten();
        }
        if (!blobs.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO blob_transfers (execution_id, task_id, digest, destination_registry_id, method, bytes, state)
                    VALUES (?, ?, ?, ?, ?, ?, 'DONE')""", blobs);
        }
        if (!locations.isEmpty()) {
            // sorted, so two waves upserting the same rows lock them in the same order
            List<Object[]> rows = locations.entrySet().stream()
                    .sorted(java.util.Comparator.comparing((Map.Entry<List<Object>, Long> e) -> (Long) e.getKey().get(0))
                            .thenComparing(e -> (String) e.getKey().get(2))
                            .thenComparing(e -> (String) e.getKey().get(1)))
                    .map(e -> new Object[] {e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), e.getValue()})
                    .toList();
            jdbc.batchUpdate("""
                    INSERT INTO blob_locations (registry_id, repository, digest, size, seen_at)
                    VALUES (?, ?, ?, ?, now())
                    ON CONFLICT (registry_id, digest, repository) DO UPDATE SET seen_at = now(), size = EXCLUDED.size""",
                    rows);
        }
        List<Object[]> byRegistry = new ArrayList<>();
        bytes.forEach((registry, rw) -> {
            if (rw[0] != 0 || rw[1] != 0) {
                byRegistry.add(new Object[] {executionId, registry, rw[0], rw[1]});
            }
        });
        if (!byRegistry.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO execution_registry_bytes (execution_id, registry_id, bytes_read, bytes_written)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT (execution_id, registry_id) DO UPDATE
                       SET bytes_read = execution_registry_bytes.bytes_read + EXCLUDED.bytes_read,
                           bytes_written = execution_registry_bytes.bytes_written + EXCLUDED.bytes_written""",
                    byRegistry);
        }
    }

    /** Tasks not finished when an execution stops. */
    public int stopUnfinished(UUID executionId) {
        return jdbc.update("""
                UPDATE tasks SET state = 'STOPPED', finished_at = now()
                 WHERE execution_id = ? AND state IN ('PENDING', 'RUNNING')""", executionId);
    }

    public Map<TaskState, Long> countByState(UUID executionId) {
        Map<TaskState, Long> counts = new HashMap<>();
        jdbc.query("SELECT state, count(*) FROM tasks WHERE execution_id = ? GROUP BY state",
                rs -> {
                    counts.put(TaskState.valueOf(rs.getString(1)), rs.getLong(2));
                }, executionId);
        return counts;
    }

    public Map<BlobMethod, Long> countBlobs(UUID executionId) {
        Map<BlobMethod, Long> counts = new HashMap<>();
        jdbc.query("SELECT method, count(*) FROM blob_transfers WHERE execution_id = ? GROUP BY method",
                rs -> {
                    counts.put(BlobMethod.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)), rs.getLong(2));
                }, executionId);
        return counts;
    }

    /** Total bytes read and written by the execution. */
    public long[] bytes(UUID executionId) {
        return jdbc.queryForObject("""
                SELECT coalesce(sum(bytes_read), 0), coalesce(sum(bytes_written), 0)
                  FROM execution_registry_bytes WHERE execution_id = ?""",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, executionId);
    }

    private static TaskRow row(ResultSet rs, int i) throws SQLException {
        return new TaskRow(rs.getLong("id"), rs.getString("source_repository"), rs.getString("reference"),
                rs.getString("digest"), rs.getLong("destination_registry_id"), rs.getString("destination_repository"),
                TaskState.valueOf(rs.getString("state")));
    }
}
