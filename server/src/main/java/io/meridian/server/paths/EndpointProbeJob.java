package io.meridian.server.paths;

import io.meridian.server.replication.RegistryConnections;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.paths.PathEstimates;
import io.meridian.sync.transfer.EndpointProbe;
import io.meridian.sync.transfer.GuardedRegistry;
import java.util.List;
import java.util.Optional;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The scheduled endpoint probe (Quartz, clustered, every {@code meridian.paths.probe-interval}): for every OCI
 * registry with endpoints, {@link EndpointProbe} from the node that fires it — {@code GET /v2/} three times per
 * usable endpoint whose breaker is not open and a read of at most 4 MiB of a blob Meridian knows is there.
 */
@DisallowConcurrentExecution
public class EndpointProbeJob extends QuartzJobBean {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointProbeJob.class);

    private final JdbcTemplate jdbc;
    private final RegistryConnections connections;
    private final EndpointProbe probe;

    public EndpointProbeJob(JdbcTemplate jdbc, RegistryConnections connections, EndpointProbe probe) {
        this.jdbc = jdbc;
        this.connections = connections;
        this.probe = probe;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        List<String> names = jdbc.queryForList("SELECT name FROM registries WHERE endpoints <> '[]'::jsonb"
                + " ORDER BY name", String.class);
        for (String name : names) {
            try {
                GuardedRegistry registry = connections.open(name);
                List<EndpointProbe.Result> results = probe.probe(registry, knownBlob(registry.id()));
                LOG.info("probed the endpoints of registry {}: {}", name, results);
            } catch (RuntimeException e) {
                LOG.warn("probing the endpoints of registry {} failed: {}", name, e.getMessage());
            }
        }
    }

    /** A blob of at least 1 MiB Meridian put there, for a bounded throughput read. */
    private Optional<EndpointProbe.KnownBlob> knownBlob(long registryId) {
        return jdbc.query("""
                        SELECT repository, digest, size FROM blob_locations
                         WHERE registry_id = ? AND size >= ? ORDER BY seen_at DESC LIMIT 1""",
                (rs, i) -> new EndpointProbe.KnownBlob(RepositoryName.parse(rs.getString(1)),
                        Digest.parse(rs.getString(2)), rs.getLong(3)),
                registryId, PathEstimates.THROUGHPUT_MIN_BYTES).stream().findFirst();
    }
}
