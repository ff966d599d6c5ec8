package io.meridian.sync.p2p;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A contract server of the Kraken proxy, written from uber/kraken (commit 2a7fbcb) proxy/proxyserver: server.go
 * ({@code GET /health} → "OK", {@code POST /registry/notifications}, {@code POST /proxy/v2/registry/prefetch}),
 * preheat.go + registry_events.go (events decoded with Go's case-insensitive names, only {@code push} of an image
 * manifest media type kept, 200 whatever happens next, 500 on an undecodable body) and prefetch.go
 * ({@code prefetchBody {tag, trace_id}}, {@code DefaultTagParser}: {@code <hostname>/<namespace>/<name:tag>},
 * 400 / 500 {@code prefetchError}, 200 {@code prefetchResponse}).
 */
public final class KrakenContractServer implements AutoCloseable {

    private static final Pattern MANIFEST = Pattern.compile(
            "^application/vnd\\.(docker\\.distribution\\.manifest\\.v\\d\\+(json|prettyjws)|oci\\.image\\.manifest\\.v1\\+json)");

    public record Recorded(String method, String path, String contentType, JsonNode body, int status) {
    }

    private final HttpServer server;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final List<JsonNode> preheatedEvents = new CopyOnWriteArrayList<>();
    /** "namespace/name:tag" known to build-index → whether the origins accept every blob. */
    private final Map<String, Boolean> tags = new ConcurrentHashMap<>();

    public KrakenContractServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public KrakenContractServer tag(String namespaceNameTag, boolean originsAccept) {
        tags.put(namespaceNameTag, originsAccept);
        return this;
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    /** Events Kraken's filterEvents kept. */
    public List<JsonNode> preheatedEvents() {
        return List.copyOf(preheatedEvents);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body = null;
        try {
            body = in.length == 0 ? null : DragonflyContractServer.JSON.readTree(in);
        } catch (RuntimeException ignored) {
            // handled per route
        }
        String method = ex.getRequestMethod();
        JsonNode recordedBody = body;
        ex.setAttribute("record", (Runnable) () -> requests.add(new Recorded(method, path,
                ex.getRequestHeaders().getFirst("Content-Type"), recordedBody, (Integer) ex.getAttribute("status"))));
        int status;
        if (method.equals("GET") && path.equals("/health")) {
            status = send(ex, 200, "OK\n");
        } else if (method.equals("POST") && path.equals("/registry/notifications")) {
            status = notification(ex, body);
        } else if (method.equals("POST") && path.equals("/proxy/v2/registry/prefetch")) {
            status = prefetch(ex, body);
        } else {
            status = send(ex, 404, "404 page not found\n");
        }
    }

    private int notification(HttpExchange ex, JsonNode body) throws IOException {
        if (body == null || !body.isObject()) {
            return send(ex, 500, "decode body: invalid character");
        }
        JsonNode events = field(body, "Events");
        for (JsonNode event : events) {
            JsonNode target = field(event, "Target");
            String mediaType = field(target, "MediaType").asString("");
            if (MANIFEST.matcher(mediaType).find() && "push".equals(field(event, "Action").asString(""))) {
                preheatedEvents.add(event);
            }
        }
        return send(ex, 200, "");
    }

    private int prefetch(HttpExchange ex, JsonNode body) throws IOException {
        if (body == null || !body.isObject()) {
            return sendJson(ex, 400, error(400, "failed to decode request body: invalid character", ""));
        }
        String tag = field(body, "Tag").asString("");
        String traceId = field(body, "Trace_Id").asString("");
        String[] parts = tag.split("/");
        if (parts.length < 3) {
            return sendJson(ex, 400, error(400, "tag: " + tag + ", invalid tag format: invalid tag format: " + tag,
                    traceId));
        }
        String key = parts[1] + "/" + parts[2];
        Boolean accept = tags.get(key);
        if (accept == null) {
            return sendJson(ex, 500, error(500, "tag request: " + key + ", failed to get tag: not found", traceId));
        }
        if (!accept) {
            return sendJson(ex, 500, error(500, "failed to trigger image prefetch: at least one layer could not be"
                    + " prefetched", traceId));
        }
        ObjectNode ok = DragonflyContractServer.JSON.createObjectNode();
        ok.put("tag", parts[2]);
        ok.put("prefetched", true);
        ok.put("status", "success");
        ok.put("message", "prefetching initiated successfully");
        ok.put("trace_id", traceId);
        return sendJson(ex, 200, ok);
    }

    private static ObjectNode error(int status, String message, String traceId) {
        ObjectNode n = DragonflyContractServer.JSON.createObjectNode();
        n.put("error", status == 400 ? "Bad Request" : "Internal Server Error");
        n.put("prefetched", false);
        n.put("status", "failure");
        n.put("message", message);
        if (!traceId.isEmpty()) {
            n.put("trace_id", traceId);
        }
        return n;
    }

    /** encoding/json matches keys case-insensitively (the struct's field name or its json tag). */
    private static JsonNode field(JsonNode n, String name) {
        for (Iterator<String> it = n.propertyNames().iterator(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(name) || (name.equals("Id") && k.equalsIgnoreCase("id"))
                    || (name.equals("Url") && k.equalsIgnoreCase("url"))) {
                return n.get(k);
            }
        }
        return tools.jackson.databind.node.MissingNode.getInstance();
    }

    private int sendJson(HttpExchange ex, int status, ObjectNode n) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        return send(ex, status, DragonflyContractServer.JSON.writeValueAsString(n));
    }

    private int send(HttpExchange ex, int status, String body) throws IOException {
        Runnable record = (Runnable) ex.getAttribute("record");
        if (record != null) {
            ex.setAttribute("status", status);
            record.run(); // before the answer leaves: a client that got it sees the request recorded
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
        return status;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

}
