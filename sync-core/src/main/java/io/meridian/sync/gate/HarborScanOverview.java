package io.meridian.sync.gate;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.RetryableRegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import io.meridian.sync.transfer.GuardedRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report of an artifact in a Harbor source: {@code GET /api/v2.0/projects/{project}/repositories/{repository}/
 * artifacts/{digest}?with_scan_overview=true} (goharbor/harbor {@code api/v2.0/swagger.yaml}, operation
 * {@code getArtifact}; the repository name URL-encoded twice as the swagger demands, {@code a/b → a%252Fb}). Its
 * {@code scan_overview} maps a report MIME type to a {@code NativeReportSummary} ({@code scan_status},
 * {@code severity}, {@code summary.summary} = counts by Harbor severity); only a summary whose {@code scan_status}
 * is {@code Success} is a report (a Pending, Running, Error or Stopped scan is no report yet). Calls run under the
 * source registry's guard (retry, breaker, bulkhead) and its address guard.
 */
public final class HarborScanOverview implements ReportSource {

    /** The MIME types Harbor summarises ({@code src/pkg/scan/rest/v1/spec.go}), asked for with X-Accept-Vulnerabilities. */
    static final List<String> REPORT_TYPES = List.of("application/vnd.security.vulnerability.report; version=1.1",
            "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0");
    static final String SUCCESS = "Success";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final OciTransport transport;
    private final RegistryEndpoint endpoint;

    /** @param endpoint the Harbor instance's base URL and credentials (the same as its registry's) */
    public HarborScanOverview(OciTransport transport, RegistryEndpoint endpoint) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    @Override
    public Optional<VulnerabilityReport> find(GuardedRegistry source, RepositoryName repo, Digest artifact) {
        int slash = repo.value().indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + repo.value() + "' is no Harbor repository path (project/repository)");
        }
        URI uri = endpoint.resolve("/api/v2.0/projects/" + encode(repo.value().substring(0, slash)) + "/repositories/"
                + encode(encode(repo.value().substring(slash + 1))) + "/artifacts/" + artifact
                + "?with_scan_overview=true&with_tag=false");
        String action = "read Harbor scan overview of " + repo.value() + "@" + artifact.shortForm() + " at "
                + source.name();
        JsonNode body = source.guard().call(() -> get(uri, action));
        return body == null ? Optional.empty() : summary(body.path("scan_overview"));
    }

    private JsonNode get(URI uri, String action) {
        transport.checkAddress(uri, action);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                .timeout(transport.settings().requestTimeout())
                .header("Accept", "application/json")
                .header("X-Accept-Vulnerabilities", String.join(", ", REPORT_TYPES));
        if (endpoint.credentials() instanceof Credentials.Basic basic) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (basic.username() + ":" + basic.password()).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<byte[]> response;
        try {
            response = transport.clientFor(endpoint).send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RetryableRegistryException(action + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TransferInterruptedException.interrupted(action, e);
        }
        int status = response.statusCode();
        if (status == 404) {
            return null; // Harbor does not know the artifact: no report for it
        }
        if (status == 429 || status >= 500) {
            throw new RetryableRegistryException(action + " failed: " + status, status, null, null, null);
        }
        if (status != 200) {
            throw new PermanentRegistryException(action + " failed: " + status, status, null, null);
        }
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new PermanentRegistryException(action + " failed: the answer is not JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** Every successful summary counts (a Harbor with two scanners may hold both report types); none: no report. */
    static Optional<VulnerabilityReport> summary(JsonNode overview) {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        boolean any = false;
        for (String type : REPORT_TYPES) {
            JsonNode summary = overview.path(type);
            if (!SUCCESS.equals(summary.path("scan_status").asString(null))) {
                continue;
            }
            any = true;
            summary.path("summary").path("summary").properties().forEach(e ->
                    counts.merge(Severity.ofHarbor(e.getKey()), e.getValue().asInt(0), Integer::sum));
            // a summary without counts but with an overall severity still says how bad it is
            String overall = summary.path("severity").asString(null);
            if (counts.isEmpty() && overall != null && !"None".equals(overall)) {
                counts.merge(Severity.ofHarbor(overall), 1, Integer::sum);
            }
        }
        return any ? Optional.of(new VulnerabilityReport(counts, "Harbor scan overview")) : Optional.empty();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
