package io.meridian.server.triggers;

import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one owner of {@code pending_pushes}: pushed tags persisted before the webhook answers 202
 * and deleted only once an execution covering them is committed.
 */
public class PendingPushes {

    /** One policy's pending pushes: the newest row id, and whether its quiet period (or the cap) has passed. */
    public record PolicyBacklog(String policy, long lastId, boolean due) {
    }

    /** A distinct pushed (repository, tag). */
    public record Pair(String repository, String tag) {
    }

    private final JdbcClient jdbc;
    private final int maxWaitFactor;

    /** @param maxWaitFactor a run is due at the latest this many quiet periods after the first pending push */
    public PendingPushes(JdbcClient jdbc, int maxWaitFactor) {
        this.jdbc = jdbc;
        this.maxWaitFactor = maxWaitFactor;
    }

    /** Stores pushes for {@code policy}; false when the policy does not exist (any more). */
    public boolean add(String policy, int debounceSeconds, Collection<PushedTag> pushes) {
        int stored = 0;
        for (PushedTag push : pushes) {
            stored += jdbc.sql("""
                    INSERT INTO pending_pushes (policy_id, repository, tag, debounce_seconds)
                    SELECT id, :repository, :tag, :debounce FROM policies WHERE name = :policy""")
                    .param("repository", push.repository()).param("tag", push.tag())
                    .param("debounce", debounceSeconds).param("policy", policy).update();
        }
        return stored > 0;
    }

    /**
     * Every policy with pending pushes. Due when no push came for the policy's quiet period, or the
     * first pending push is {@code maxWaitFactor} quiet periods old — measured by the database's clock,
     * which every node shares.
     */
    public List<PolicyBacklog> backlog() {
        return jdbc.sql("""
                SELECT p.name, max(pp.id),
                       least(max(pp.received_at) + make_interval(secs => max(pp.debounce_seconds)),
                             min(pp.received_at) + make_interval(secs => :factor * max(pp.debounce_seconds)))
                         <= clock_timestamp()
                  FROM pending_pushes pp JOIN policies p ON p.id = pp.policy_id
                 GROUP BY p.name ORDER BY min(pp.id)""")
                .param("factor", maxWaitFactor)
                .query((rs, i) -> new PolicyBacklog(rs.getString(1), rs.getLong(2), rs.getBoolean(3))).list();
    }

    /** The distinct pairs pending for {@code policy} up to row {@code lastId}, at most {@code limit} of them. */
    public List<Pair> pairs(String policy, long lastId, int limit) {
        return jdbc.sql("""
                SELECT DISTINCT pp.repository, pp.tag FROM pending_pushes pp JOIN policies p ON p.id = pp.policy_id
                 WHERE p.name = :policy AND pp.id <= :lastId ORDER BY 1, 2 LIMIT :limit""")
                .param("policy", policy).param("lastId", lastId).param("limit", limit)
                .query((rs, i) -> new Pair(rs.getString(1), rs.getString(2))).list();
    }

    /** Deletes {@code policy}'s rows up to {@code lastId}: an execution covering them is committed. */
    public int delete(String policy, long lastId) {
        return jdbc.sql("""
                DELETE FROM pending_pushes WHERE id <= :lastId
                   AND policy_id = (SELECT id FROM policies WHERE name = :policy)""")
                .param("policy", policy).param("lastId", lastId).update();
    }

    /** Deletes every row of {@code policy}. */
    public int deleteAll(String policy) {
        return delete(policy, Long.MAX_VALUE);
    }

    /** Distinct pairs pending for {@code policy}. */
    public int count(String policy) {
        return jdbc.sql("""
                SELECT count(*) FROM (SELECT DISTINCT pp.repository, pp.tag FROM pending_pushes pp
                  JOIN policies p ON p.id = pp.policy_id WHERE p.name = :policy) d""")
                .param("policy", policy).query(Integer.class).single();
    }

    /** True when {@code policy} has an execution that is queued, running or stopping. */
    public boolean running(String policy) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM executions WHERE policy_name = :policy
                                  AND status IN ('QUEUED', 'RUNNING', 'STOPPING'))""")
                .param("policy", policy).query(Boolean.class).single();
    }
}
