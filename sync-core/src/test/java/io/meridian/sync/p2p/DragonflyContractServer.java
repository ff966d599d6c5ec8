package io.meridian.sync.p2p;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A contract server of the Dragonfly Manager Open API, written from dragonflyoss/dragonfly (commit 66db456):
 * manager/router/router.go ({@code /oapi/v1/jobs} behind the personal-access-token middleware and, for POST, the
 * job rate limiter; {@code GET /healthy}), manager/middlewares/personal_access_token.go (401 without or with an unknown
 * token, 403 inactive / expired / without the {@code job} scope, an empty scope list allowing everything),
 * manager/middlewares/ratelimiter.go (422 {@code {"errors"}} on an unreadable body, 429 "rate limit exceeded" per
 * scheduler cluster, a bucket of {@code rate} per second), manager/handlers/job.go and manager/types/job.go (request
 * fields), manager/models/job.go + internal/job/job.go (answer: {@code id, task_id, type, state, args, result:
 * {group_uuid, state, job_states:[{task_uuid, task_name, state, results:[{success_tasks, failure_tasks,
 * scheduler_cluster_id}], error}]}}) and the get_image_distribution answer {@code {image:{layers:[{url}]},
 * peers:[{ip, hostname, cached_layers:[{url}], scheduler_cluster_id}]}}.
 *
 * <p>What a platform's job does is scripted with {@link #onPlatform}; every request is recorded.
 */
public final class DragonflyContractServer implements AutoCloseable {

    static final ObjectMapper JSON = JsonMapper.builder().build();

    /** A token row: {@code scopes} empty means every scope (hasPermission's backward compatibility). */
    public record Pat(List<String> scopes, boolean active, Instant expiredAt) {
    }

    /** How a platform's preheat goes: after {@code pendingPolls} GETs SUCCESS (caching on {@code peers}) or FAILURE. */
    public record Script(int pendingPolls, boolean succeeds, String error, List<String> layers,
                         List<String> peersWithAll, List<String> seedHosts) {
        public static Script success(int polls, List<String> layers, List<String> peers) {
            return new Script(polls, true, null, layers, peers, List.of());
        }

        public static Script successNothingCached(int polls, List<String> layers) {
            return new Script(polls, true, null, layers, List.of(), List.of());
        }

        public static Script failure(int polls, String error) {
            return new Script(polls, false, error, List.of(), List.of(), List.of());
        }
    }

    public record Recorded(String method, String path, String authorization, JsonNode body, int status) {
    }

    private final HttpServer server;
    private final Map<String, Pat> tokens = new ConcurrentHashMap<>();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<Long, DragonflyAnswers.Job> jobs = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<Long, double[]> buckets = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(100);
    private final AtomicInteger tooMany = new AtomicInteger();
    private volatile double ratePerCluster = 10;


    public DragonflyContractServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public DragonflyContractServer token(String token, Pat pat) {
        tokens.put(token, pat);
        return this;
    }

    public DragonflyContractServer onPlatform(String platform, Script script) {
        scripts.put(platform == null ? "" : platform, script);
        return this;
    }

    /** The scheduler clusters' {@code job_rate_limit} (Dragonfly default 10 per second). */
    public DragonflyContractServer ratePerCluster(double perSecond) {
        this.ratePerCluster = perSecond;
        buckets.clear();
        return this;
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public List<Recorded> created(String type) {
        return requests.stream().filter(r -> r.method().equals("POST") && r.status() == 200 && r.body() != null
                && type.equals(r.body().path("type").asString(""))).toList();
    }

    public int tooManyRequests() {
        return tooMany.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body = null;
        try {
            body = in.length == 0 ? null : JSON.readTree(in);
        } catch (RuntimeException ignored) {
            // reported below as 422 where a body is read
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        JsonNode recordedBody = body;
        ex.setAttribute("record", (Runnable) () -> requests.add(new Recorded(ex.getRequestMethod(), path, auth,
                recordedBody, (Integer) ex.getAttribute("status"))));
        try {
            route(ex, path, in, body, auth);
        } catch (RuntimeException e) {
            send(ex, 500, "{\"message\":\"Internal Server Error\"}");
        }
    }

    private int route(HttpExchange ex, String path, byte[] raw, JsonNode body, String auth) throws IOException {
        if (path.equals("/healthy") && ex.getRequestMethod().equals("GET")) {
            return send(ex, 200, "\"OK\"");
        }
        if (!path.startsWith("/oapi/v1/jobs")) {
            return send(ex, 404, "404 page not found");
        }
        Integer refused = personalAccessToken(ex, auth);
        if (refused != null) {
            return refused;
        }
        if (ex.getRequestMethod().equals("POST") && path.equals("/oapi/v1/jobs")) {
            if (body == null || !body.isObject() || !body.path("type").isString()) {
                return send(ex, 422, "{\"errors\":\"Key: 'CreateJobRequest.Type' Error:Field validation for 'Type'"
                        + " failed on the 'required' tag\"}");
            }
            List<Long> clusters = new ArrayList<>();
            body.path("scheduler_cluster_ids").forEach(c -> clusters.add(c.asLong()));
            if (!allow(clusters)) {
                tooMany.incrementAndGet();
                return send(ex, 429, "rate limit exceeded");
            }
            return createJob(ex, body, clusters);
        }
        if (ex.getRequestMethod().equals("GET") && path.matches("/oapi/v1/jobs/\\d+")) {
            DragonflyAnswers.Job job = jobs.get(Long.parseLong(path.substring(path.lastIndexOf('/') + 1)));
            if (job == null) {
                return send(ex, 404, "{\"message\":\"record not found\"}");
            }
            synchronized (job) {
                job.polls++;
                return send(ex, 200, JSON.writeValueAsString(DragonflyAnswers.jobJson(job)));
            }
        }
        return send(ex, 404, "404 page not found");
    }

    /** manager/middlewares/personal_access_token.go, step by step. */
    private Integer personalAccessToken(HttpExchange ex, String authorization) throws IOException {
        String token = queryParam(ex.getRequestURI(), "access_token");
        if (token == null) {
            String[] fields = authorization == null ? new String[0] : authorization.trim().split("\\s+");
            if (fields.length != 2 || !fields[0].equalsIgnoreCase("Bearer")) {
                return send(ex, 401, "{\"message\":\"Unauthorized\"}");
            }
            token = fields[1];
        }
        Pat pat = tokens.get(token);
        if (pat == null) {
            return send(ex, 401, "{\"message\":\"Unauthorized\"}");
        }
        if (!pat.active()) {
            return send(ex, 403, "{\"message\":\"Token is inactive\"}");
        }
        if (Instant.now().isAfter(pat.expiredAt())) {
            return send(ex, 403, "{\"message\":\"Token has expired\"}");
        }
        if (!pat.scopes().isEmpty() && !pat.scopes().contains("job")) {
            return send(ex, 403, "{\"message\":\"Token doesn't have permission to access this resource. Required"
                    + " permission: job\"}");
        }
        return null;
    }

    private synchronized boolean allow(List<Long> clusters) {
        long now = System.nanoTime();
        for (Long c : clusters) {
            double[] b = buckets.computeIfAbsent(c, k -> new double[]{ratePerCluster, now});
            b[0] = Math.min(ratePerCluster, b[0] + (now - b[1]) / 1e9 * ratePerCluster);
            b[1] = now;
            if (b[0] < 1) {
                return false;
            }
        }
        for (Long c : clusters) {
            buckets.get(c)[0] -= 1;
        }
        return true;
    }

    private int createJob(HttpExchange ex, JsonNode body, List<Long> clusters) throws IOException {
        String type = body.path("type").asString();
        JsonNode args = body.path("args");
        switch (type) {
            case "preheat" -> {
                String argType = args.path("type").asString("");
                if (!argType.equals("image") && !argType.equals("file")) {
                    return send(ex, 422, "{\"errors\":\"Key: 'CreatePreheatJobRequest.Args.Type' Error:Field validation"
                            + " for 'Type' failed on the 'oneof' tag\"}");
                }
                if (args.path("url").asString("").isEmpty()) {
                    return send(ex, 500, "{\"message\":\"invalid params: url is required\"}");
                }
                Script script = scripts.get(args.path("platform").asString(""));
                if (script == null) {
                    return send(ex, 500, "{\"message\":\"no matching platform in manifest list\"}");
                }
                List<String> layers;
                try {
                    layers = layers(args, script);
                } catch (IllegalStateException e) {
                    return send(ex, 500, JSON.writeValueAsString(JSON.createObjectNode().put("message", e.getMessage())));
                }
                DragonflyAnswers.Job job = new DragonflyAnswers.Job(ids.incrementAndGet(), type, args, clusters,
                        script, layers);
                jobs.put(job.id, job);
                return send(ex, 200, JSON.writeValueAsString(DragonflyAnswers.jobJson(job)));
            }
            case "get_image_distribution" -> {
                if (args.path("url").asString("").isEmpty()) {
                    return send(ex, 422, "{\"errors\":\"Key: 'CreateGetImageDistributionJobRequest.Args.URL' Error:"
                            + "Field validation for 'URL' failed on the 'required' tag\"}");
                }
                Script script = scripts.get(args.path("platform").asString(""));
                List<String> layers;
                try {
                    layers = layers(args, script);
                } catch (IllegalStateException e) {
                    return send(ex, 500, JSON.writeValueAsString(JSON.createObjectNode().put("message", e.getMessage())));
                }
                return send(ex, 200, JSON.writeValueAsString(DragonflyAnswers.distribution(script, layers, clusters)));
            }
            default -> {
                return send(ex, 500, "{\"message\":\"unsupported job type\"}");
            }
        }
    }

    /**
     * Dragonfly's manager resolves the image itself when a job is created (internal/job/image.go
     * CreatePreheatRequestsByManifestURL → pkg/oci Resolve): with {@link #resolveFromRegistry()} this server does
     * too, with the request's {@code headers}, so a credential that cannot pull fails the job here as it would there.
     */
    public DragonflyContractServer resolveFromRegistry() {
        this.registry = new RegistryResolver();
        return this;
    }

    /** Every Authorization header used to read a registry, in order. */
    public List<String> registryAuthorizations() {
        return registry == null ? List.of() : registry.authorizations();
    }

    private volatile RegistryResolver registry;

    private List<String> layers(JsonNode args, Script script) {
        if (registry == null) {
            return script == null ? List.of() : script.layers();
        }
        return registry.layers(args.path("url").asString(), args.path("platform").asString(null),
                args.path("headers").path("Authorization").asString(null));
    }

    private static String queryParam(URI uri, String name) {
        String q = uri.getRawQuery();
        if (q == null) {
            return null;
        }
        for (String kv : q.split("&")) {
            String[] p = kv.split("=", 2);
            if (p[0].equals(name) && p.length == 2 && !p[1].isBlank()) {
                return URLDecoder.decode(p[1], StandardCharsets.UTF_8).trim();
            }
        }
        return null;
    }

    private int send(HttpExchange ex, int status, String body) throws IOException {
        Runnable record = (Runnable) ex.getAttribute("record");
        if (record != null) {
            ex.setAttribute("status", status);
            record.run(); // before the answer leaves: a client that got it sees the request recorded
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", body.startsWith("{") || body.startsWith("\"")
                ? "application/json; charset=utf-8" : "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
        return status;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
