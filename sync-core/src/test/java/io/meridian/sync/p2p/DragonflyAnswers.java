package io.meridian.sync.p2p;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answers of {@link DragonflyContractServer}: a job as manager/models/job.go serialises it, its {@code result} as
 * internal/job/job.go {@code GroupJobState} (one job state per scheduler, {@code PreheatResponse} results), and the
 * {@code get_image_distribution} answer of manager/types/job.go.
 */
final class DragonflyAnswers {

    private DragonflyAnswers() {
    }

    static final class Job {
        final long id;
        final String taskId = "group_" + UUID.randomUUID();
        final String type;
        final JsonNode args;
        final List<Long> clusters;
        final DragonflyContractServer.Script script;
        final List<String> layers;
        int polls;

        Job(long id, String type, JsonNode args, List<Long> clusters, DragonflyContractServer.Script script,
            List<String> layers) {
            this.id = id;
            this.type = type;
            this.args = args;
            this.clusters = clusters;
            this.script = script;
            this.layers = layers;
        }
    }

    static ObjectNode jobJson(Job job) {
        String state = job.polls < job.script.pendingPolls() ? "PENDING" : job.script.succeeds() ? "SUCCESS" : "FAILURE";
        ObjectNode n = DragonflyContractServer.JSON.createObjectNode();
        n.put("id", job.id);
        n.put("created_at", Instant.now().toString());
        n.put("updated_at", Instant.now().toString());
        n.put("is_del", 0);
        n.put("task_id", job.taskId);
        n.put("bio", "");
        n.put("type", job.type);
        n.put("state", state);
        n.set("args", job.args);
        n.put("user_id", 0);
        ArrayNode clusters = n.putArray("scheduler_clusters");
        job.clusters.forEach(c -> clusters.addObject().put("id", c));
        n.putArray("seed_peer_clusters");
        if (state.equals("PENDING")) {
            n.putObject("result");
            return n;
        }
        ObjectNode result = n.putObject("result");
        result.put("group_uuid", job.taskId);
        result.put("state", state);
        ObjectNode js = result.putArray("job_states").addObject();
        js.put("task_uuid", "task_" + UUID.randomUUID());
        js.put("task_name", "preheat");
        js.put("state", state);
        js.put("error", job.script.succeeds() ? "" : job.script.error());
        js.put("ttl", 0);
        ObjectNode r = js.putArray("results").addObject();
        ArrayNode ok = r.putArray("success_tasks");
        for (String seed : job.script.seedHosts()) {
            for (String layer : job.layers) {
                ok.addObject().put("url", layer).put("hostname", seed).put("ip", "10.0.0." + seed.length());
            }
        }
        r.putArray("failure_tasks");
        r.put("scheduler_cluster_id", job.clusters.isEmpty() ? 0 : job.clusters.get(0));
        return n;
    }

    static ObjectNode distribution(DragonflyContractServer.Script script, List<String> imageLayers, List<Long> clusters) {
        ObjectNode n = DragonflyContractServer.JSON.createObjectNode();
        ArrayNode layers = n.putObject("image").putArray("layers");
        ArrayNode peers = n.putArray("peers");
        if (script != null) {
            imageLayers.forEach(l -> layers.addObject().put("url", l));
            for (String host : script.peersWithAll()) {
                ObjectNode p = peers.addObject();
                p.put("ip", "10.1.0." + (peers.size()));
                p.put("hostname", host);
                ArrayNode cached = p.putArray("cached_layers");
                imageLayers.forEach(l -> cached.addObject().put("url", l));
                p.put("scheduler_cluster_id", clusters.isEmpty() ? 0 : clusters.get(0));
            }
        }
        return n;
    }
}
