package io.meridian.server.replication;

import io.meridian.policies.Policy;
import io.meridian.policies.PolicyEvaluator;
import io.meridian.regions.RegistryKind;
import io.meridian.sync.helm.ChartDestination;
import io.meridian.sync.helm.ChartExecution;
import io.meridian.sync.helm.ChartMuseumRepository;
import io.meridian.sync.helm.ChartReplicator;
import io.meridian.sync.helm.ChartSource;
import io.meridian.sync.helm.HelmHttpRepository;
import io.meridian.sync.helm.OciChartDestination;
import io.meridian.sync.helm.S3ChartRepository;
import io.meridian.sync.helm.S3Clients;
import io.meridian.sync.helm.S3Settings;
import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Opens classic chart repositories (kinds helm-http, chartmuseum, s3) for the replication job, and binds a policy
 * whose source is one of them to a {@link ChartExecution}. HTTP goes through the OCI transport's pooled clients (so
 * a registry's CA bundle and the SSRF guard apply alike); an S3 client is opened per execution and closed with it.
 * Secrets are decrypted only here, in memory.
 */
public class ChartRepositoryConnections {

    private record Row(long id, String name, String url, boolean insecure, RegistryKind kind, String caBundle) {
    }

    private final JdbcTemplate jdbc;
    private final Function<String, Credentials> credentials;
    private final Function<String, Optional<S3Settings>> s3Settings;
    private final OciTransport transport;

    public ChartRepositoryConnections(DataSource dataSource, Function<String, Credentials> credentials,
                                      Function<String, Optional<S3Settings>> s3Settings, OciTransport transport) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.credentials = credentials;
        this.s3Settings = s3Settings;
        this.transport = transport;
    }

    private Row row(String name) {
        return jdbc.query("SELECT id, name, url, insecure, kind, ca_bundle FROM registries WHERE name = ?",
                        (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                                RegistryKind.parse(rs.getString(5)), rs.getString(6)), name)
                .stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("registry '" + name + "' does not exist"));
    }

    /** Whether the registry named {@code name} is a classic chart repository. */
    public boolean isChartRepository(String name) {
        return row(name).kind().chartRepository();
    }

    /** The policy bound to opened chart repositories; close the result to release the clients. */
    public ChartExecution bind(Policy policy) {
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
        List<AutoCloseable> opened = new ArrayList<>();
        AutoCloseable resources = () -> {
            for (AutoCloseable c : opened) {
                c.close();
            }
        };
        try {
            ChartSource source = (ChartSource) open(row(policy.source().registry()), Optional.empty(), opened, true);
            List<ChartExecution.Destination> destinations = new ArrayList<>();
            for (var d : policy.destinations()) {
                Row row = row(d.registry());
                Optional<String> namespace = Optional.ofNullable(d.namespace());
                ChartDestination writer = (ChartDestination) open(row, namespace, opened, false);
                // tasks record <namespace>/<chart> for an OCI destination, the chart name for a chart repository
                destinations.add(new ChartExecution.Destination(row.id(),
                        row.kind().chartRepository() ? "" : namespace.orElse(""), writer));
            }
            // versions are chosen exactly as image tags are: from each chart's full version list (semver, latest N)
            return new ChartExecution(source, new ChartReplicator.Selection(evaluator::matchesRepository,
                    evaluator::references), destinations, policy.override(), resources);
        } catch (RuntimeException e) {
            try {
                resources.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private Object open(Row row, Optional<String> namespace, List<AutoCloseable> opened, boolean asSource) {
        Credentials stored = credentials.apply(row.name());
        Optional<Credentials.Basic> basic = stored instanceof Credentials.Basic b ? Optional.of(b) : Optional.empty();
        switch (row.kind()) {
            case HELM_HTTP -> {
                if (!asSource) {
                    throw new IllegalArgumentException("registry '" + row.name() + "' is a helm-http repository, which"
                            + " is read-only: it can only be a source");
                }
                return new HelmHttpRepository(http(row), URI.create(row.url()), basic);
            }
            case CHARTMUSEUM -> {
                return new ChartMuseumRepository(http(row), URI.create(row.url()), basic);
            }
            case S3 -> {
                S3Settings settings = s3Settings.apply(row.name()).orElseThrow(() -> new IllegalStateException(
                        "registry '" + row.name() + "' of kind s3 has no bucket settings"));
                S3Client client = S3Clients.create(settings);
                opened.add(client);
                return new S3ChartRepository(client, settings);
            }
            default -> {
                if (asSource) {
                    throw new IllegalArgumentException("registry '" + row.name() + "' is an OCI registry, not a chart repository");
                }
                RegistryClient client = new RegistryClient(transport, endpoint(row,
                        RegistryConnections.credentialsFor(row.kind().json(), URI.create(row.url()), stored)));
                opened.add(client);
                return new OciChartDestination(client, namespace);
            }
        }
    }

    private HttpClient http(Row row) {
        return transport.clientFor(endpoint(row, Credentials.anonymous()));
    }

    private static RegistryEndpoint endpoint(Row row, Credentials credentials) {
        return new RegistryEndpoint(URI.create(row.url()), row.insecure(), credentials,
                Optional.ofNullable(row.caBundle()).map(Path::of));
    }
}
