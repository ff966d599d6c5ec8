package io.meridian.server.replication;

import io.meridian.server.api.registries.Endpoints;
import io.meridian.server.api.registries.RegistryChanged;
import io.meridian.sync.gate.HarborScanOverview;
import io.meridian.sync.gate.ReportSource;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.paths.PathEstimates;
import io.meridian.sync.resilience.RegistryGuards;
import io.meridian.sync.transfer.GuardedRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Opens registries by name for the engine: one {@link RegistryClient} per registry, kept while
 * its row is unchanged, so executions share pooled connections and cached tokens (no client or
 * token fetch per image, nor per execution). The password is decrypted only here, in memory.
 *
 * <p>Every client this class creates it also closes (an ECR client holds an AWS SDK client with
 * its own connection pool): when the registry is edited or deleted here ({@link RegistryChanged},
 * after commit), when {@link #open} finds the row changed by another node or gone, and when the
 * application context closes. Closing releases only what a client owns beyond the shared transport
 * (today the ECR token client's connection pool). A running execution keeps the registry it opened
 * for its whole run, so it may go on using a replaced client after it was closed: that keeps
 * working, and an ECR token refresh falling then builds a fresh SDK client of its own, which stays
 * unclosed until the execution drops the replaced client (rare: an ECR registry edited while an
 * execution runs and its 12 h token expiring before the run ends).
 * Gauge {@code meridian.registry.clients}: clients currently open.
 */
public class RegistryConnections implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryConnections.class);
    private static final Pattern ECR_HOST =
            Pattern.compile("^\\d+\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?$");

    private record Cached(Timestamp version, long id, RegistryClient client, GuardedRegistry registry) {
        boolean matches(Row row) {
            return id == row.id() && version.equals(row.updatedAt());
        }
    }

    private record Row(long id, String name, String url, boolean insecure, String kind, String caBundle,
                       Timestamp updatedAt, String region, String endpoints) {
    }

    private final JdbcTemplate jdbc;
    private final Function<String, Credentials> credentials;
    private final OciTransport transport;
    private final RegistryGuards guards;
    private final MeterRegistry meters;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final EndpointHandles endpoints;

    /** @param credentials the decrypted credentials of a registry by name (the registry service owns the secret) */
    public RegistryConnections(DataSource dataSource, Function<String, Credentials> credentials, OciTransport transport,
                               RegistryGuards guards, MeterRegistry meters) {
        this(dataSource, credentials, transport, guards, meters, new PathEstimates(), Optional.empty());
    }

    /**
     * @param estimates  where each endpoint's measurements go (registries with several endpoints)
     * @param nodeRegion this node's region (the prior of an endpoint comes from the link between it and the registry's)
     */
    public RegistryConnections(DataSource dataSource, Function<String, Credentials> credentials, OciTransport transport,
                               RegistryGuards guards, MeterRegistry meters, PathEstimates estimates,
                               Optional<String> nodeRegion) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.endpoints = new EndpointHandles(jdbc, transport, guards, estimates, nodeRegion, meters);
        this.credentials = credentials;
        this.transport = transport;
        this.guards = guards;
        this.meters = meters;
        if (meters != null) {
            Gauge.builder("meridian.registry.clients", cache, Map::size)
                    .description("Registry clients the replication engine holds open").register(meters);
        }
    }

    /** The registry named {@code name}; {@link IllegalArgumentException} naming it when it does not exist. */
    public GuardedRegistry open(String name) {
        Optional<Row> found = jdbc.query("""
                        SELECT r.id, r.name, r.url, r.insecure, r.kind, r.ca_bundle, r.updated_at, g.name,
                               r.endpoints::text
                          FROM registries r JOIN regions g ON g.id = r.region_id WHERE r.name = ?""",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7), rs.getString(8), rs.getString(9)), name)
                .stream().findFirst();
        if (found.isEmpty()) {
            evict(name, "deleted");
            throw new IllegalArgumentException("registry '" + name + "' does not exist");
        }
        Row row = found.get();
        Cached cached = cache.get(name);
        if (cached != null && cached.matches(row)) {
            return cached.registry();
        }
        // atomically per name: two threads seeing the same change create one client, and the replaced one is closed
        return cache.compute(name, (n, current) -> {
            if (current != null && current.matches(row)) {
                return current;
            }
            Cached created = create(row);
            if (current != null) {
                close(n, current, "changed");
            }
            return created;
        }).registry();
    }

    private Cached create(Row row) {
        URI url = URI.create(row.url());
        // a private CA (caBundle) is trusted for this registry only, as the health check does
        RegistryEndpoint endpoint = new RegistryEndpoint(url, row.insecure(),
                credentialsFor(row.kind(), url, credentials.apply(row.name())),
                Optional.ofNullable(row.caBundle()).map(Path::of));
        RegistryClient client = new RegistryClient(transport, endpoint);
        GuardedRegistry primary = new GuardedRegistry(row.id(), row.name(), client, guards.forRegistry(row.name()),
                meters);
        return new Cached(row.updatedAt(), row.id(), client, endpoints.open(primary, row.region(), endpoint,
                Endpoints.fromJson(row.endpoints())));
    }

    /**
     * For the scan gate (issue 14): Harbor's scan overview API of a registry of kind {@code harbor}, reached with
     * the registry's own URL, credentials, CA bundle and the transport's address guard; empty for other kinds.
     */
    public Optional<ReportSource> harborScanOverview(String name) {
        GuardedRegistry registry = open(name);
        Cached cached = cache.get(name);
        String kind = jdbc.queryForObject("SELECT kind FROM registries WHERE name = ?", String.class, name);
        if (!"harbor".equals(kind) || cached == null || cached.registry() != registry) {
            return Optional.empty();
        }
        return Optional.of(new HarborScanOverview(transport, cached.client().endpoint()));
    }

    /** An edit or delete committed on this node: drop and close the registry's client; the next open makes a new one. */
    @TransactionalEventListener
    void onRegistryChanged(RegistryChanged event) {
        evict(event.name(), event.change() == RegistryChanged.Change.DELETED ? "deleted" : "changed");
    }

    private void evict(String name, String why) {
        Cached removed = cache.remove(name);
        if (removed != null) {
            close(name, removed, why);
        }
    }

    /** The registry held open under {@code name}, if any (for tests). */
    Optional<GuardedRegistry> cached(String name) {
        return Optional.ofNullable(cache.get(name)).map(Cached::registry);
    }

    /** Closes every client; the application context calls it on shutdown. */
    @Override
    public void close() {
        cache.keySet().forEach(name -> evict(name, "shut down"));
    }

    private static void close(String name, Cached cached, String why) {
        try {
            cached.client().close();
            LOG.info("registry {} {}: its client is closed", name, why);
        } catch (RuntimeException e) {
            LOG.warn("registry {} {}: closing its client failed ({})", name, why, e.getClass().getSimpleName());
        }
    }

    /**
     * The credentials the OCI client needs for a registry of {@code kind}: for ECR, the stored
     * user/password are an access key id/secret (or, when absent, the AWS default chain) and the
     * region comes from the registry's host name; for every other kind, Basic or anonymous.
     */
    static Credentials credentialsFor(String kind, URI url, Credentials stored) {
        if (!"ecr".equals(kind)) {
            return stored;
        }
        Matcher host = ECR_HOST.matcher(url.getHost() == null ? "" : url.getHost());
        if (!host.matches()) {
            throw new IllegalArgumentException("registry url " + url + " is not an ECR registry host "
                    + "(<account>.dkr.ecr.<region>.amazonaws.com)");
        }
        if (stored instanceof Credentials.Basic basic) {
            return new Credentials.AwsEcr(host.group(1), Optional.of(basic.username()), Optional.of(basic.password()),
                    Optional.empty());
        }
        return Credentials.AwsEcr.defaultChain(host.group(1));
    }
}
