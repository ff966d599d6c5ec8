package io.meridian.server.replication;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.resilience.RegistryGuards;
import io.meridian.sync.transfer.GuardedRegistry;
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
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Opens registries by name for the engine: one {@link RegistryClient} per registry, kept while
 * its row is unchanged, so executions share pooled connections and cached tokens (no client or
 * token fetch per image, nor per execution). The password is decrypted only here, in memory.
 */
public class RegistryConnections {

    private static final Pattern ECR_HOST =
            Pattern.compile("^\\d+\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?$");

    private record Cached(Timestamp version, GuardedRegistry registry) {
    }

    private record Row(long id, String name, String url, boolean insecure, String kind, String caBundle,
                       Timestamp updatedAt) {
    }

    private final JdbcTemplate jdbc;
    private final Function<String, Credentials> credentials;
    private final OciTransport transport;
    private final RegistryGuards guards;
    private final MeterRegistry meters;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** @param credentials the decrypted credentials of a registry by name (the registry service owns the secret) */
    public RegistryConnections(DataSource dataSource, Function<String, Credentials> credentials, OciTransport transport,
                               RegistryGuards guards, MeterRegistry meters) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.credentials = credentials;
        this.transport = transport;
        this.guards = guards;
        this.meters = meters;
    }

    /** The registry named {@code name}; {@link IllegalArgumentException} naming it when it does not exist. */
    public GuardedRegistry open(String name) {
        Row row = jdbc.query("""
                        SELECT id, name, url, insecure, kind, ca_bundle, updated_at FROM registries WHERE name = ?""",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7)), name)
                .stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("registry '" + name + "' does not exist"));
        Cached cached = cache.get(name);
        if (cached != null && cached.version().equals(row.updatedAt()) && cached.registry().id() == row.id()) {
            return cached.registry();
        }
        URI url = URI.create(row.url());
        // a private CA (caBundle) is trusted for this registry only, as the health check does
        RegistryEndpoint endpoint = new RegistryEndpoint(url, row.insecure(),
                credentialsFor(row.kind(), url, credentials.apply(row.name())),
                Optional.ofNullable(row.caBundle()).map(Path::of));
        GuardedRegistry registry = new GuardedRegistry(row.id(), row.name(), new RegistryClient(transport, endpoint),
                guards.forRegistry(row.name()), meters);
        cache.put(name, new Cached(row.updatedAt(), registry));
        return registry;
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
