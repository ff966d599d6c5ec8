package io.meridian.sync.gate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A contract server for the one Harbor call the gate makes, written from goharbor/harbor's own sources (Harbor cannot
 * run here): {@code GET /api/v2.0/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}}
 * ({@code api/v2.0/swagger.yaml}, operation {@code getArtifact}). Field for field:
 * <ul>
 * <li>{@code repository_name} is URL-encoded twice when it holds a slash ({@code a/b → a%252Fb}, the swagger's
 *     parameter description); a once-encoded slash does not reach the handler (404 here).</li>
 * <li>the {@code Artifact} definition's fields ({@code id, type, media_type, manifest_media_type, project_id,
 *     repository_id, repository_name, digest, size, push_time, pull_time, tags, labels, references,
 *     addition_links, scan_overview}); {@code scan_overview} only with {@code with_scan_overview=true}.</li>
 * <li>{@code scan_overview}: a map from report MIME type to {@code NativeReportSummary} ({@code report_id,
 *     scan_status, severity, duration, summary{total, fixable, summary{<Severity>: n}}, start_time, end_time,
 *     complete_percent, scanner{name, vendor, version}}), keyed by the types the client accepts in
 *     {@code X-Accept-Vulnerabilities} ({@code src/pkg/scan/rest/v1/spec.go} MIME types,
 *     {@code src/controller/scan/base_controller.go GetSummary}); severities as in
 *     {@code src/pkg/scan/vuln/severity.go}; statuses as {@code src/jobservice/job/status.go}.</li>
 * <li>errors as Harbor's {@code {"errors":[{"code","message"}]}}: 401 UNAUTHORIZED without valid Basic
 *     credentials, 404 NOT_FOUND for an unknown artifact.</li>
 * </ul>
 */
final class HarborContractServer implements AutoCloseable {

    /** One artifact's scan state: Harbor job status and counts by Harbor severity name. */
    record Scan(String status, String severity, Map<String, Integer> counts) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final String username;
    private final String password;
    /** "project/repository@digest" → scan (null: never scanned) */
    private final Map<String, Scan> artifacts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();
    final List<String> rawPaths = new CopyOnWriteArrayList<>();
    /** "200 project/repository@digest" or "404 why", in order. */
    final List<String> answered = new CopyOnWriteArrayList<>();

    HarborContractServer(String username, String password) throws IOException {
        this.username = username;
        this.password = password;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v2.0/projects/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @param scan null: the artifact exists but was never scanned */
    void artifact(String repository, String digest, Scan scan) {
        known.put(repository + "@" + digest, true);
        if (scan != null) {
            artifacts.put(repository + "@" + digest, scan);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String raw = exchange.getRequestURI().getRawPath();
            rawPaths.add(raw);
            String expected = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                error(exchange, 401, "UNAUTHORIZED", "unauthorized");
                return;
            }
            // "" / api / v2.0 / projects / {p} / repositories / {r} / artifacts / {ref}: exactly 9 raw parts
            String[] parts = raw.split("/");
            if (!exchange.getRequestMethod().equals("GET") || parts.length != 9 || !parts[5].equals("repositories")
                    || !parts[7].equals("artifacts")) {
                error(exchange, 404, "NOT_FOUND", "no route");
                return;
            }
            String project = decode(parts[4]);
            if (decode(parts[6]).contains("/")) {
                // Harbor's router sees the once-decoded path: a once-encoded slash splits the route
                error(exchange, 404, "NOT_FOUND", "no route");
                return;
            }
            String repository = decode(decode(parts[6]));
            String reference = decode(parts[8]);
            String key = project + "/" + repository + "@" + reference;
            if (!known.containsKey(key)) {
                error(exchange, 404, "NOT_FOUND", "artifact " + key + " not found");
                return;
            }
            ObjectNode body = artifact(project, repository, reference);
            String query = String.valueOf(exchange.getRequestURI().getQuery());
            if (query.contains("with_scan_overview=true")) {
                body.set("scan_overview", overview(artifacts.get(key),
                        exchange.getRequestHeaders().getFirst("X-Accept-Vulnerabilities")));
            }
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            answered.add(200 + " " + key);
        }
    }

    private static ObjectNode artifact(String project, String repository, String digest) {
        ObjectNode a = JSON.createObjectNode();
        a.put("id", 42).put("type", "IMAGE").put("media_type", "application/vnd.oci.image.config.v1+json")
                .put("manifest_media_type", "application/vnd.oci.image.manifest.v1+json").put("project_id", 3)
                .put("repository_id", 7).put("repository_name", project + "/" + repository).put("digest", digest)
                .put("size", 2_811_478).put("push_time", "2026-12-01T10:00:00.000Z")
                .put("pull_time", "0001-01-01T00:00:00.000Z").put("icon", "sha256:0048162a053eef4d4ce3fe7518615bef084403614f8bca43b40ae2e762e11e06");
        a.putNull("tags");
        a.putNull("labels");
        a.putArray("references");
        a.putObject("extra_attrs").put("architecture", "amd64").put("os", "linux");
        a.putObject("addition_links").putObject("vulnerabilities").put("absolute", false)
                .put("href", "/api/v2.0/projects/" + project + "/repositories/" + repository.replace("/", "%252F")
                        + "/artifacts/" + digest + "/additions/vulnerabilities");
        return a;
    }

    /** Harbor answers an empty map for an artifact never scanned. */
    private static ObjectNode overview(Scan scan, String accept) {
        ObjectNode overview = JSON.createObjectNode();
        if (scan == null) {
            return overview;
        }
        List<String> types = accept == null ? HarborScanOverview.REPORT_TYPES
                : List.of(accept.split(",\\s*"));
        for (String type : types) {
            if (!HarborScanOverview.REPORT_TYPES.contains(type)) {
                continue;
            }
            ObjectNode s = overview.putObject(type);
            s.put("report_id", "5f62c830-f996-11e9-957f-0242c0a89008").put("scan_status", scan.status())
                    .put("severity", scan.status().equals("Success") ? scan.severity() : "")
                    .put("duration", 12).put("start_time", "2026-12-01T10:00:01Z").put("end_time", "2026-12-01T10:00:13Z")
                    .put("complete_percent", scan.status().equals("Success") ? 100 : 0);
            s.putObject("scanner").put("name", "Trivy").put("vendor", "Aqua Security").put("version", "v0.50.1");
            if (scan.status().equals("Success")) {
                ObjectNode summary = s.putObject("summary");
                summary.put("total", scan.counts().values().stream().mapToInt(Integer::intValue).sum()).put("fixable", 1);
                ObjectNode bySeverity = summary.putObject("summary");
                scan.counts().forEach(bySeverity::put);
            } else {
                s.putNull("summary");
            }
            break; // Harbor summarises the first accepted type it holds a report of
        }
        return overview;
    }

    private void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(Map.of("errors", List.of(Map.of("code", code, "message", message))));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        answered.add(status + " " + message);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
