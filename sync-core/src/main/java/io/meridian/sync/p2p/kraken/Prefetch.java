package io.meridian.sync.p2p.kraken;

import io.meridian.sync.p2p.P2pException;
import io.meridian.sync.p2p.internal.EngineHttp;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /proxy/v2/registry/prefetch {"tag":"<host>/<namespace>/<name>:<tag>"}} (proxy/proxyserver/prefetch.go
 * {@code prefetchBody}); the answer is {@code prefetchResponse} {@code {"tag","prefetched","status","message",
 * "trace_id"}} or {@code prefetchError} with {@code "status":"failure"}. V2 answers after the origins accepted every
 * blob (manifest list children included), so its status is the job's outcome; there is no endpoint to poll.
 */
public record Prefetch(String tag, String traceId) {

    public static final String PATH = "/proxy/v2/registry/prefetch";

    /** Prefetch's outcome: {@code status} is "success" or "failure". */
    public record Answer(boolean prefetched, String status, String message) {
        public boolean succeeded() {
            return prefetched && "success".equals(status);
        }
    }

    ObjectNode body() {
        ObjectNode root = EngineHttp.JSON.createObjectNode();
        root.put("tag", tag);
        root.put("trace_id", traceId);
        return root;
    }

    public Answer execute(EngineHttp http) {
        String action = "Kraken prefetch of " + tag;
        EngineHttp.Answer a = http.send("POST", PATH, body(), action, List.of());
        if (a.status() == 200 || a.status() == 400 || a.status() == 500) {
            JsonNode n;
            try {
                n = EngineHttp.JSON.readTree(a.body());
            } catch (tools.jackson.core.JacksonException e) {
                throw P2pException.fromStatus(action, a.status(), a.text(), a.retryAfter());
            }
            if (n.has("status")) {
                return new Answer(n.path("prefetched").asBoolean(false), n.path("status").asString(""),
                        n.path("message").asString(""));
            }
        }
        http.expect(a, action, List.of(), 200);
        throw P2pException.permanent(action + " failed: the answer has no status");
    }
}
