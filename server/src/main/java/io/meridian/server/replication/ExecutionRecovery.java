package io.meridian.server.replication;

import io.meridian.sync.batch.ReplicationLauncher;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * At start, resumes the executions a dead process left QUEUED, RUNNING or STOPPING: their
 * Spring Batch job is recovered and restarted, skipping what completed. (One Meridian process
 * per database; a cluster would need a lease per execution first.)
 */
public class ExecutionRecovery implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionRecovery.class);

    private final JdbcTemplate jdbc;
    private final ReplicationLauncher launcher;
    private final boolean enabled;

    public ExecutionRecovery(DataSource dataSource, ReplicationLauncher launcher, boolean enabled) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.launcher = launcher;
        this.enabled = enabled;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled) {
            return;
        }
        List<UUID> unfinished = jdbc.queryForList("""
                SELECT id FROM executions WHERE status IN ('QUEUED', 'RUNNING', 'STOPPING') ORDER BY created_at""",
                UUID.class);
        for (UUID id : unfinished) {
            LOG.info("execution {} was left unfinished by a previous process; resuming it", id);
            launcher.resume(id);
        }
    }
}
