package io.meridian.server.replication;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Leases of active executions in {@code executions.owner_node/heartbeat_at}. Every time is the
 * database's {@code now()}, so the nodes' clocks need not agree. A claim is one conditional
 * UPDATE over rows locked with SKIP LOCKED: two nodes never claim the same execution.
 */
public final class ExecutionLeases {

    private static final OffsetDateTime NEVER = OffsetDateTime.parse("1970-01-01T00:00:00Z");
    private static final String ACTIVE = "status IN ('QUEUED', 'RUNNING', 'STOPPING')";

    private final JdbcTemplate jdbc;
    private final NodeId node;
    private final Duration timeout;

    public ExecutionLeases(DataSource dataSource, NodeId node, Duration timeout) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.node = node;
        this.timeout = timeout;
    }

    public NodeId node() {
        return node;
    }

    /** The database's clock. */
    public OffsetDateTime now() {
        return jdbc.queryForObject("SELECT now()", OffsetDateTime.class);
    }

    /** Renews this node's leases; returns how many active executions it holds. */
    public int renew() {
        return jdbc.update("UPDATE executions SET heartbeat_at = now() WHERE owner_node = ? AND " + ACTIVE,
                node.value());
    }

    /**
     * Takes over active executions whose lease is stale (never renewed: counted from creation).
     * With {@code ownSince} also this node's own executions last renewed before that instant: a
     * restarted node's previous life, which cannot be running any more.
     *
     * @param ownSince null to take only stale leases (the periodic sweep)
     * @return the claimed executions
     */
    public List<UUID> claimStale(OffsetDateTime ownSince) {
        return jdbc.queryForList("""
                UPDATE executions e SET owner_node = ?, heartbeat_at = now()
                  FROM (SELECT id FROM executions
                         WHERE %s
                           AND (coalesce(heartbeat_at, created_at) < now() - make_interval(secs => ?)
                                OR (owner_node = ? AND coalesce(heartbeat_at, created_at) < ?))
                         ORDER BY created_at
                         FOR UPDATE SKIP LOCKED) stale
                 WHERE e.id = stale.id
                RETURNING e.id""".formatted(ACTIVE),
                UUID.class, node.value(), timeout.toMillis() / 1000.0, node.value(),
                ownSince == null ? NEVER : ownSince);
    }
}
