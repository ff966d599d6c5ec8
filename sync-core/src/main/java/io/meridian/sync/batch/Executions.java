package io.meridian.sync.batch;

import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The engine's writes to {@code executions}: status transitions and the final summary. */
public final class Executions {

    /** The totals written when an execution finishes. */
    public record Summary(int total, int copied, int skipped, int failed, long blobsCopied, long blobsMounted,
                          long blobsSkipped, long bytesRead, long bytesWritten) {
    }

    private final JdbcTemplate jdbc;

    public Executions(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public Optional<ExecutionStatus> status(UUID id) {
        return jdbc.query("SELECT status FROM executions WHERE id = ?",
                        (rs, i) -> ExecutionStatus.valueOf(rs.getString(1)), id)
                .stream().findFirst();
    }

    /** QUEUED → RUNNING (or stays STOPPING) and remembers the Spring Batch job execution. */
    public void started(UUID id, long jobExecutionId) {
        jdbc.update("""
                UPDATE executions SET job_execution_id = ?, started_at = coalesce(started_at, now()),
                       status = CASE WHEN status = 'STOPPING' THEN 'STOPPING' ELSE 'RUNNING' END
                 WHERE id = ?""", jobExecutionId, id);
    }

    public boolean stopRequested(UUID id) {
        return status(id).filter(s -> s == ExecutionStatus.STOPPING || s == ExecutionStatus.STOPPED).isPresent();
    }

    public void finish(UUID id, ExecutionStatus status, Summary s, String error) {
        jdbc.update("""
                UPDATE executions SET status = ?, finished_at = ?, artifacts_total = ?, artifacts_copied = ?,
                       artifacts_skipped = ?, artifacts_failed = ?, blobs_copied = ?, blobs_mounted = ?,
                       blobs_skipped = ?, bytes_read = ?, bytes_written = ?, error = ?
                 WHERE id = ?""",
                status.name(), new Timestamp(System.currentTimeMillis()), s.total(), s.copied(), s.skipped(),
                s.failed(), s.blobsCopied(), s.blobsMounted(), s.blobsSkipped(), s.bytesRead(), s.bytesWritten(),
                error, id);
    }
}
