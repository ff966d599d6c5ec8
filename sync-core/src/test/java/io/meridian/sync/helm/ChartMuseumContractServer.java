package io.meridian.sync.helm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A ChartMuseum stand-in for tests (ChartMuseum itself, a Go binary, cannot be installed here), written from
 * helm/chartmuseum's own sources ({@code pkg/chartmuseum/server/multitenant/routes.go}, {@code handlers.go},
 * {@code pkg/repo/chart.go}) for the routes Meridian uses, repository depth 0:
 * <ul>
 *   <li>{@code GET /index.yaml}: the index, every entry = Chart.yaml metadata + {@code urls: [charts/<file>]},
 *       {@code created} (the object's last modification), {@code digest} (sha256 of the archive)</li>
 *   <li>{@code GET /charts/<file>}: an archive or {@code .prov}; 404 {@code {"error":...}}</li>
 *   <li>{@code GET /api/charts/<name>/<version>}: that entry as JSON; 404 {@code {"error":...}}</li>
 *   <li>{@code POST /api/charts}: {@code multipart/form-data} with fields {@code chart} and/or {@code prov} (file
 *       names derived from the content, as {@code ChartPackageFilenameFromContent} does), or the raw archive as body;
 *       409 {@code {"error":"<file> already exists"}} unless overwrite is allowed ({@code --allow-overwrite}, or
 *       {@code --allow-force-overwrite} and {@code ?force}); 201 {@code {"saved":true}}</li>
 *   <li>{@code DELETE /api/charts/<name>/<version>}: 200 {@code {"deleted":true}}; 404</li>
 * </ul>
 * Basic auth as {@code --basic-auth-user/--basic-auth-pass} when given.
 */
public final class ChartMuseumContractServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final boolean allowForceOverwrite;
    private final String basicAuth;
    /** Storage: file name → object. */
    public final Map<String, Stored> objects = new ConcurrentHashMap<>();
    final List<String> posts = new java.util.concurrent.CopyOnWriteArrayList<>();

    public record Stored(byte[] content, Instant lastModified) {
    }

    public ChartMuseumContractServer(boolean allowForceOverwrite, String user, String password) {
        this.allowForceOverwrite = allowForceOverwrite;
        this.basicAuth = user == null ? null : "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (basicAuth != null && !basicAuth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                json(ex, 401, Map.of("error", "unauthorized"));
                return;
            }
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            String[] parts = path.split("/");
            if (method.equals("GET") && path.equals("/index.yaml")) {
                byte[] body = YAML.writeValueAsBytes(index());
                ex.getResponseHeaders().add("Content-Type", "application/x-yaml");
                send(ex, 200, body);
            } else if (method.equals("GET") && parts.length == 3 && parts[1].equals("charts")) {
                Stored s = objects.get(parts[2]);
                if (s == null) {
                    json(ex, 404, Map.of("error", "object not found"));
                } else {
                    send(ex, 200, s.content());
                }
            } else if (parts.length == 5 && parts[1].equals("api") && parts[2].equals("charts")
                    && (method.equals("GET") || method.equals("DELETE"))) {
                String file = parts[3] + "-" + parts[4] + ".tgz";
                Stored s = objects.get(file);
                if (s == null) {
                    json(ex, 404, Map.of("error", "no chart version found for " + parts[3] + "-" + parts[4]));
                } else if (method.equals("GET")) {
                    json(ex, 200, entry(file, s));
                } else {
                    objects.remove(file);
                    objects.remove(file + ".prov");
                    json(ex, 200, Map.of("deleted", true));
                }
            } else if (method.equals("POST") && path.equals("/api/charts")) {
                post(ex);
            } else {
                json(ex, 404, Map.of("error", "not found"));
            }
        }
    }

    private void post(HttpExchange ex) throws IOException {
        boolean force = ex.getRequestURI().getQuery() != null && ex.getRequestURI().getQuery().contains("force");
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (type != null && type.startsWith("multipart/form-data")) {
            Map<String, byte[]> fields = multipart(body, type.substring(type.indexOf("boundary=") + 9));
            try {
                if (fields.containsKey("chart")) {
                    files.put(chartFileName(fields.get("chart")), fields.get("chart"));
                }
                if (fields.containsKey("prov")) {
                    files.put(provFileName(fields.get("prov")), fields.get("prov"));
                }
            } catch (IllegalArgumentException e) {
                json(ex, 400, Map.of("error", e.getMessage()));
                return;
            }
            if (files.isEmpty()) {
                json(ex, 400, Map.of("error", "no package or provenance file found in form fields chart and prov"));
                return;
            }
        } else {
            try {
                files.put(chartFileName(body), body);
            } catch (IllegalArgumentException e) {
                json(ex, 400, Map.of("error", e.getMessage()));
                return;
            }
        }
        for (String name : files.keySet()) {
            if (objects.containsKey(name) && !(allowForceOverwrite && force)) {
                json(ex, 409, Map.of("error", name + " already exists"));
                return;
            }
        }
        Instant now = Instant.now();
        files.forEach((name, content) -> objects.put(name, new Stored(content, now)));
        posts.add(String.join(",", files.keySet()));
        json(ex, 201, Map.of("saved", true));
    }

    private static String chartFileName(byte[] tgz) {
        JsonNode meta = YAML.readTree(TestCharts.chartYaml(tgz));
        return meta.get("name").asString() + "-" + meta.get("version").asString() + ".tgz";
    }

    /** As chartmuseum's ProvenanceFilenameFromContent: name and version from the signed metadata block. */
    private static String provFileName(byte[] prov) {
        String text = new String(prov, StandardCharsets.UTF_8);
        int start = text.indexOf("\n\n");
        int end = text.indexOf("\n...\n");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid provenance file");
        }
        JsonNode meta = YAML.readTree(text.substring(start + 2, end));
        return meta.get("name").asString() + "-" + meta.get("version").asString() + ".tgz.prov";
    }

    private ObjectNode entry(String file, Stored s) {
        ObjectNode e = (ObjectNode) YAML.readTree(TestCharts.chartYaml(s.content()));
        e.putArray("urls").add("charts/" + file);
        e.put("created", s.lastModified().toString());
        e.put("digest", TestCharts.sha256(s.content()).hex());
        return e;
    }

    private Map<String, Object> index() {
        Map<String, List<ObjectNode>> entries = new TreeMap<>();
        objects.forEach((file, s) -> {
            if (file.endsWith(".tgz")) {
                ObjectNode e = entry(file, s);
                entries.computeIfAbsent(e.get("name").asString(), k -> new ArrayList<>()).add(e);
            }
        });
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("apiVersion", "v1");
        index.put("entries", entries);
        index.put("generated", Instant.now().toString());
        index.put("serverInfo", Map.of());
        return index;
    }

    /** Splits a multipart body into field name → content (files only, which is all ChartMuseum reads). */
    static Map<String, byte[]> multipart(byte[] body, String boundary) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int headersStart = pos + delimiter.length;
            if (headersStart + 1 < body.length && body[headersStart] == '-' && body[headersStart + 1] == '-') {
                break;
            }
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            int next = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), headersEnd);
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.ISO_8859_1);
            String name = headers.replaceAll("(?s)^.*?\\bname=\"([^\"]*)\".*$", "$1");
            out.put(name, Arrays.copyOfRange(body, headersEnd + 4, next));
            pos = next + 2;
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        send(ex, status, JSON.writeValueAsBytes(body));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
