package io.meridian.server.replication;

import io.meridian.server.crypto.SecretCipher;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.resilience.RegistryGuards;
import io.meridian.sync.transfer.GuardedRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.sql.Timestamp;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Opens registries by name for the engine: one {@link RegistryClient} per registry, kept while
 * its row is unchanged, so executions share pooled connections and cached tokens (no client or
 * token fetch per image, nor per execution). The password is decrypted only here, in memory.
 */
public class RegistryConnections {

    private record Cached(Timestamp version, GuardedRegistry registry) {
    }

    private record Row(long id, String name, String url, boolean insecure, String username, byte[] ciphertext,
                       Timestamp updatedAt) {
    }

    private final JdbcTemplate jdbc;
    private final SecretCipher cipher;
    private final OciTransport transport;
    private final RegistryGuards guards;
    private final MeterRegistry meters;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public RegistryConnections(DataSource dataSource, SecretCipher cipher, OciTransport transport,
                               RegistryGuards guards, MeterRegistry meters) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.cipher = cipher;
        this.transport = transport;
        this.guards = guards;
        this.meters = meters;
    }

    /** The registry named {@code name}; {@link IllegalArgumentException} naming it when it does not exist. */
    public GuardedRegistry open(String name) {
        Row row = jdbc.query("""
                        SELECT id, name, url, insecure, username, password_ciphertext, updated_at
                          FROM registries WHERE name = ?""",
                (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), rs.getBytes(6), rs.getTimestamp(7)), name)
                .stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("registry '" + name + "' does not exist"));
        Cached cached = cache.get(name);
        if (cached != null && cached.version().equals(row.updatedAt()) && cached.registry().id() == row.id()) {
            return cached.registry();
        }
        RegistryEndpoint endpoint = new RegistryEndpoint(URI.create(row.url()), row.insecure(), credentials(row));
        GuardedRegistry registry = new GuardedRegistry(row.id(), row.name(), new RegistryClient(transport, endpoint),
                guards.forRegistry(row.name()), meters);
        cache.put(name, new Cached(row.updatedAt(), registry));
        return registry;
    }

    private Credentials credentials(Row row) {
        if (row.username() == null || row.username().isEmpty()) {
            return Credentials.anonymous();
        }
        String password = row.ciphertext() == null ? "" : cipher.decrypt(row.ciphertext(), "registry:" + row.name());
        return Credentials.basic(row.username(), password);
    }
}
