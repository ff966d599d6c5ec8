package io.meridian.sync.p2p.dragonfly;

import io.meridian.sync.p2p.P2pException;
import io.meridian.sync.p2p.internal.EngineHttp;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /oapi/v1/jobs} with a {@code CreatePreheatJobRequest} (manager/types/job.go):
 * {@code {"type":"preheat","args":{"type":"image","url","platform","headers","scope"},"scheduler_cluster_ids":[…]}}.
 * {@code tag} and {@code filtered_query_params} are left out on purpose: they enter Dragonfly's task id, and a
 * dfdaemon pulling through its mirror computes the id with the defaults, so a preheat with other values would warm
 * a task no pull ever asks for.
 *
 * @param headers sent to the registry by Dragonfly ({@code Authorization}: the short-lived pull credential)
 */
public record CreatePreheatJob(String url, String platform, String scope, Map<String, String> headers,
                               List<Long> schedulerClusterIds) {

    public static final String PATH = "/oapi/v1/jobs";

    public CreatePreheatJob {
        headers = Map.copyOf(headers);
        schedulerClusterIds = List.copyOf(schedulerClusterIds);
        if (schedulerClusterIds.isEmpty()) {
            throw new IllegalArgumentException("scheduler_cluster_ids must not be empty");
        }
    }

    ObjectNode body() {
        ObjectNode root = EngineHttp.JSON.createObjectNode();
        root.put("type", "preheat");
        ObjectNode args = root.putObject("args");
        args.put("type", "image");
        args.put("url", url);
        if (platform != null) {
            args.put("platform", platform);
        }
        if (!headers.isEmpty()) {
            ObjectNode h = args.putObject("headers");
            headers.forEach(h::put);
        }
        args.put("scope", scope);
        schedulerClusterIds.forEach(root.putArray("scheduler_cluster_ids")::add);
        return root;
    }

    public DragonflyJob execute(EngineHttp http) {
        String action = "create Dragonfly preheat job for " + url + (platform == null ? "" : " (" + platform + ")");
        EngineHttp.Answer a = http.send("POST", PATH, body(), action, headers.values());
        JsonNode n = http.expectJson(a, action, headers.values(), 200, 201);
        DragonflyJob job = DragonflyJob.parse(n);
        if (job.id() <= 0) {
            throw P2pException.permanent(action + " failed: the answer has no job id");
        }
        return job;
    }
}
