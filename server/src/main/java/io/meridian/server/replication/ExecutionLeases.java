package io.meridian.server.replication;

import io.meridian.sync.batch.ExecutionLease;
import io.meridian.sync.batch.ExecutionRepository;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Leases of active executions in {@code executions.owner_node/heartbeat_at}, held by this node.
 * Every time is the database's {@code now()}, so the nodes' clocks need not agree. The SQL lives
 * with the table's owner, {@link ExecutionRepository}: a claim is one conditional UPDATE over rows
 * locked with SKIP LOCKED, so two nodes never claim the same execution.
 */
public final class ExecutionLeases {

    private final ExecutionRepository executions;
    private final NodeId node;
    private final Duration timeout;

    public ExecutionLeases(ExecutionRepository executions, NodeId node, Duration timeout) {
        this.executions = executions;
        this.node = node;
        this.timeout = timeout;
    }

    public ExecutionLeases(DataSource dataSource, NodeId node, Duration timeout) {
        this(new ExecutionRepository(dataSource), node, timeout);
    }

    public NodeId node() {
        return node;
    }

    /** The database's clock. */
    public OffsetDateTime now() {
        return executions.now();
    }

    /** Renews this node's leases; returns the admitted active executions it holds. */
    public List<UUID> renew() {
        return executions.renewLeases(node.value());
    }

    /**
     * Takes over active executions whose lease is stale (never renewed: counted from creation).
     * With {@code ownSince} also this node's own executions last renewed before that instant: a
     * restarted node's previous life, which cannot be running any more.
     *
     * @param ownSince null to take only stale leases (the periodic sweep)
     * @return the claimed executions
     */
    public List<ExecutionLease> claimStale(OffsetDateTime ownSince) {
        return executions.claimStale(node.value(), timeout, ownSince);
    }

    /** A new epoch of an execution this node holds, to run its job again; empty when it holds it no more. */
    public java.util.Optional<ExecutionLease> reclaim(UUID id) {
        return executions.reclaim(id, node.value());
    }
}
