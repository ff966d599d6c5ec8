package io.meridian.sync.p2p.dragonfly;

import io.meridian.sync.p2p.internal.EngineHttp;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /oapi/v1/jobs} with a {@code CreateGetImageDistributionJobRequest}: {@code {"type":
 * "get_image_distribution","args":{"url","platform","headers"},"scheduler_cluster_ids":[…]}}. Unlike a preheat the
 * manager answers synchronously with the distribution itself (manager/handlers/job.go).
 */
public record GetImageDistribution(String url, String platform, Map<String, String> headers,
                                   List<Long> schedulerClusterIds) {

    public GetImageDistribution {
        headers = Map.copyOf(headers);
        schedulerClusterIds = List.copyOf(schedulerClusterIds);
    }

    ObjectNode body() {
        ObjectNode root = EngineHttp.JSON.createObjectNode();
        root.put("type", "get_image_distribution");
        ObjectNode args = root.putObject("args");
        args.put("url", url);
        if (platform != null) {
            args.put("platform", platform);
        }
        if (!headers.isEmpty()) {
            ObjectNode h = args.putObject("headers");
            headers.forEach(h::put);
        }
        schedulerClusterIds.forEach(root.putArray("scheduler_cluster_ids")::add);
        return root;
    }

    public ImageDistribution execute(EngineHttp http) {
        String action = "get Dragonfly image distribution of " + url + (platform == null ? "" : " (" + platform + ")");
        EngineHttp.Answer a = http.send("POST", CreatePreheatJob.PATH, body(), action, headers.values());
        return ImageDistribution.parse(http.expectJson(a, action, headers.values(), 200));
    }
}
