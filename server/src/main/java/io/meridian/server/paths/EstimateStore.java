package io.meridian.server.paths;

import io.meridian.sync.paths.PathEstimates;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The only writer of {@code endpoint_estimates}: this node's in-memory {@link PathEstimates}, written every
 * {@code meridian.paths.persist-interval} under its region (what one region measures says nothing of another's
 * path), and read back at start so a restarted node does not begin from priors.
 */
public final class EstimateStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EstimateStore.class);

    private final JdbcTemplate jdbc;
    private final PathEstimates estimates;
    private final String nodeRegion;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "meridian-path-estimates");
        t.setDaemon(true);
        return t;
    });

    public EstimateStore(JdbcTemplate jdbc, PathEstimates estimates, Optional<String> nodeRegion) {
        this.jdbc = jdbc;
        this.estimates = estimates;
        this.nodeRegion = nodeRegion.orElse("");
    }

    /** Restores what this region measured before, then persists every {@code intervalMillis}. */
    public void start(long intervalMillis) {
        restore();
        timer.scheduleWithFixedDelay(this::persistQuietly, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void restore() {
        jdbc.query("""
                SELECT r.name, e.endpoint, e.rtt_ms, e.throughput_mbps, e.error_rate, e.samples, e.last_probe_at
                  FROM endpoint_estimates e JOIN registries r ON r.id = e.registry_id WHERE e.node_region = ?""",
                rs -> {
                    Timestamp probed = rs.getTimestamp(7);
                    estimates.restore(PathEstimates.key(rs.getString(1), rs.getString(2)), new PathEstimates.Snapshot(
                            (Double) rs.getObject(3), (Double) rs.getObject(4), rs.getDouble(5), rs.getLong(6),
                            probed == null ? null : probed.toInstant()));
                }, nodeRegion);
    }

    /** Writes every estimate of this node (one JDBC batch); an endpoint of a deleted registry is skipped. */
    public void persist() {
        List<Object[]> rows = new ArrayList<>();
        for (Map.Entry<String, PathEstimates.Snapshot> e : estimates.snapshot().entrySet()) {
            int slash = e.getKey().lastIndexOf('/');
            PathEstimates.Snapshot s = e.getValue();
            rows.add(new Object[] {s.rttMs(), s.throughputMBps(), s.errorRate(), s.samples(),
                    s.lastProbeAt() == null ? null : Timestamp.from(s.lastProbeAt()), e.getKey().substring(slash + 1),
                    nodeRegion, e.getKey().substring(0, slash)});
        }
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO endpoint_estimates (registry_id, endpoint, node_region, rtt_ms, throughput_mbps, error_rate,
                                                samples, last_probe_at, updated_at)
                SELECT r.id, v.endpoint, v.node_region, v.rtt, v.tput, v.err, v.samples, v.probed, now()
                  FROM (SELECT CAST(? AS double precision) AS rtt, CAST(? AS double precision) AS tput,
                               CAST(? AS double precision) AS err, CAST(? AS bigint) AS samples,
                               CAST(? AS timestamptz) AS probed, CAST(? AS text) AS endpoint,
                               CAST(? AS text) AS node_region, CAST(? AS text) AS registry) v
                  JOIN registries r ON r.name = v.registry
                ON CONFLICT (registry_id, endpoint, node_region) DO UPDATE
                   SET rtt_ms = EXCLUDED.rtt_ms, throughput_mbps = EXCLUDED.throughput_mbps,
                       error_rate = EXCLUDED.error_rate, samples = EXCLUDED.samples,
                       last_probe_at = EXCLUDED.last_probe_at, updated_at = now()""", rows);
    }

    private void persistQuietly() {
        try {
            persist();
        } catch (RuntimeException e) {
            LOG.warn("writing endpoint estimates failed ({}); next try in one interval", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        persistQuietly();
    }
}
