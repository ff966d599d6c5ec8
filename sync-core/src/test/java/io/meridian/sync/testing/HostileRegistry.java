package io.meridian.sync.testing;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.StubServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source registry that serves what a real one never would: on top of {@link StubServer} it answers the read side
 * of the distribution API ({@code /v2/}, catalog, tag lists, manifests and blobs by tag or digest, {@code Range})
 * for content registered here, so that honest and hostile artifacts sit side by side in one run; {@link #on}
 * scripts the hostile answers. Every manifest and blob body goes out through
 * {@link StubServer.Response#sendCounting}, so {@link #bytesSent(String)} tells how much the client made it send.
 */
public final class HostileRegistry implements AutoCloseable {

    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([^/]+)");
    private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");

    private record Stored(MediaType type, byte[] bytes) {
    }

    /** Whether a request may pass; a refused one is answered 401 with a Bearer challenge for its repository. */
    @FunctionalInterface
    public interface Gate {
        boolean admits(String method, String path, String authorization);
    }

    private final StubServer stub = new StubServer();
    private volatile Gate gate = (method, path, authorization) -> true;
    private final Map<String, Map<String, Stored>> manifests = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();

    public HostileRegistry() {
        stub.on("GET", "/v2/", (req, resp) -> resp.send(200, "{}"));
        stub.on("GET", "/v2/_catalog", gated((req, resp) -> resp.header("Content-Type", "application/json")
                .send(200, json("repositories", List.copyOf(new TreeMap<>(manifests).keySet())))));
        stub.on("GET", TAGS.pattern(), gated((req, resp) -> {
            Matcher m = matcher(TAGS, req);
            Map<String, Stored> repo = manifests.getOrDefault(m.group(1), Map.of());
            resp.header("Content-Type", "application/json").send(200, "{\"name\":\"" + m.group(1) + "\","
                    + json("tags", repo.keySet().stream().filter(r -> !r.contains(":")).sorted().toList()).substring(1));
        }));
        for (String method : List.of("GET", "HEAD")) {
            stub.on(method, MANIFEST.pattern(), gated((req, resp) -> {
                Matcher m = matcher(MANIFEST, req);
                Stored s = manifests.getOrDefault(m.group(1), Map.of()).get(m.group(2));
                if (s == null) {
                    resp.send(404, StubServer.error("MANIFEST_UNKNOWN", "manifest unknown"));
                    return;
                }
                resp.header("Content-Type", s.type().value())
                        .header("Docker-Content-Digest", Digest.sha256Of(s.bytes()).toString());
                sendBody(req, resp, req.rawUri(), s.bytes(), s.bytes().length);
            }));
            stub.on(method, BLOB.pattern(), gated((req, resp) -> {
                Matcher m = matcher(BLOB, req);
                byte[] b = blobs.get(m.group(2));
                if (b == null) {
                    resp.send(404, StubServer.error("BLOB_UNKNOWN", "blob unknown"));
                    return;
                }
                String range = req.header("Range");
                if (range != null && range.startsWith("bytes=") && "GET".equals(req.method())) {
                    int from = Integer.parseInt(range.substring(6, range.indexOf('-')));
                    if (from >= b.length) {
                        resp.send(416, StubServer.error("RANGE_INVALID", "range not satisfiable"));
                        return;
                    }
                    byte[] tail = java.util.Arrays.copyOfRange(b, from, b.length);
                    resp.header("Content-Range", "bytes " + from + "-" + (b.length - 1) + "/" + b.length);
                    resp.sendCounting(206, new ByteArrayInputStream(tail), tail.length, tail.length, counter(req.rawUri()));
                    return;
                }
                resp.header("Content-Type", "application/octet-stream");
                sendBody(req, resp, req.rawUri(), b, b.length);
            }));
        }
    }

    /** Puts the registry behind Bearer auth: its token service is {@code <url>/token}, scripted with {@link #on}. */
    public HostileRegistry bearer(Gate admits) {
        this.gate = admits;
        return this;
    }

    private StubServer.Handler gated(StubServer.Handler h) {
        return (req, resp) -> {
            String path = java.net.URI.create(req.rawUri()).getRawPath();
            if (gate.admits(req.method(), path, req.header("Authorization"))) {
                h.handle(req, resp);
                return;
            }
            Matcher m = Pattern.compile("/v2/(.+)/(manifests|blobs|tags)/.*").matcher(path);
            String scope = m.matches() ? "repository:" + m.group(1) + ":pull" : "registry:catalog:*";
            resp.header("WWW-Authenticate", "Bearer realm=\"" + url() + "/token\",service=\"hostile\",scope=\""
                    + scope + "\"").send(401, StubServer.error("UNAUTHORIZED", "authentication required"));
        };
    }

    private void sendBody(StubServer.Received req, StubServer.Response resp, String path, byte[] body, long declared)
            throws IOException {
        if ("HEAD".equals(req.method())) {
            resp.header("Content-Length", Long.toString(declared)).send(200);
            return;
        }
        resp.sendCounting(200, new ByteArrayInputStream(body), body.length, declared, counter(path));
    }

    private static Matcher matcher(Pattern p, StubServer.Received req) {
        Matcher m = p.matcher(java.net.URI.create(req.rawUri()).getRawPath());
        if (!m.matches()) {
            throw new IllegalStateException(req.rawUri());
        }
        return m;
    }

    private static String json(String field, List<String> values) {
        StringBuilder b = new StringBuilder("{\"").append(field).append("\":[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ",").append('"').append(values.get(i)).append('"');
        }
        return b.append("]}").toString();
    }

    /** Body bytes sent (written to the socket) for requests whose path and query contain {@code part}. */
    public long bytesSent(String part) {
        return sent.entrySet().stream().filter(e -> e.getKey().contains(part)).mapToLong(e -> e.getValue().get()).sum();
    }

    /** The counter of one request target, for handlers scripted with {@link #on} that stream a body. */
    public AtomicLong counter(String rawUri) {
        return sent.computeIfAbsent(rawUri, k -> new AtomicLong());
    }

    /** Stores a manifest under its digest and, when {@code tag} is not null, under the tag. Returns its digest. */
    public Digest manifest(String repo, String tag, MediaType type, byte[] bytes) {
        Digest d = Digest.sha256Of(bytes);
        Map<String, Stored> r = manifests.computeIfAbsent(repo, k -> new ConcurrentHashMap<>());
        r.put(d.toString(), new Stored(type, bytes));
        if (tag != null) {
            r.put(tag, new Stored(type, bytes));
        }
        return d;
    }

    /** The size of a manifest stored with {@link #manifest}. */
    public long manifestSize(String repo, Digest digest) {
        return manifests.get(repo).get(digest.toString()).bytes().length;
    }

    /** Stores a blob; every repository serves it. Returns its digest. */
    public Digest blob(byte[] bytes) {
        Digest d = Digest.sha256Of(bytes);
        blobs.put(d.toString(), bytes);
        return d;
    }

    /** Scripts a hostile answer: {@code method} + regex over the path (no query); later scripts win. */
    public HostileRegistry on(String method, String pathRegex, StubServer.Handler handler) {
        stub.on(method, pathRegex, handler);
        return this;
    }

    public List<StubServer.Received> received(String method, String pathPrefix) {
        return stub.received(method, pathPrefix);
    }

    public String url() {
        return stub.url();
    }

    public RegistryEndpoint endpoint() {
        return RegistryEndpoint.insecure(url(), Credentials.anonymous());
    }

    /** An image manifest over {@code config} and {@code layers} (descriptors as JSON text). */
    public static byte[] imageManifest(String config, List<String> layers) {
        return ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST.value() + "\",\"config\":" + config
                + ",\"layers\":[" + String.join(",", layers) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    /** A descriptor as JSON text. */
    public static String descriptor(MediaType type, Digest digest, long size) {
        return "{\"mediaType\":\"" + type.value() + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    @Override
    public void close() {
        stub.close();
    }
}
