package io.meridian.server.replication.crash;

import io.meridian.sync.batch.SampleImages;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One crash point of {@link CrashPointsIT}: its own policy ({@code <prefix>}) over its own source repositories
 * ({@code <prefix>/a}, {@code <prefix>/b}), so every point starts from an empty destination and is checked alone.
 * The data set has what every point needs to be reached: an index (children before the index), images sharing a
 * layer across two repositories (a mount), a blob above the 16 MiB monolithic limit for the chunked point, a stale
 * destination tag for the mirror-delete points, an event trigger for the webhook points.
 */
record CrashScenario(String point, String prefix) {

    /** Every point, in the order of an execution (names as in {@code CrashPoints.reach}, plus the test-side kill). */
    static final List<String> POINTS = List.of(
            "launch.before-job", "plan.started", "plan.tasks-written", "route.processed", "copy.manifest-fetched",
            "blob.upload-started", "blob.mid-body", "blob.chunk-acked", "blob.committed", "blob.mounted",
            "copy.before-manifest-put", "copy.child-put", "copy.before-index-put", "copy.tagged",
            "writer.before-commit", "writer.committed", "delete.before", "delete.after", "finalize.status-written",
            "webhook.stored", "webhook.debounce", "webhook.triggered");

    /** Killed by the test itself right after the push was answered 202, inside the debounce window. */
    static final String DEBOUNCE_WINDOW = "webhook.debounce";

    private static final int LAYER = 48 * 1024;
    private static final int CHUNKED = 17 * 1024 * 1024; // above ClientOptions' 16 MiB monolithic maximum

    boolean webhook() {
        return point.startsWith("webhook.");
    }

    boolean deletes() {
        return point.startsWith("delete.");
    }

    RepositoryName repoA() {
        return RepositoryName.parse(prefix + "/a");
    }

    RepositoryName repoB() {
        return RepositoryName.parse(prefix + "/b");
    }

    String policyJson(String source, String destination) {
        StringBuilder json = new StringBuilder("{\"name\":\"").append(prefix).append("\",\"source\":{\"registry\":\"")
                .append(source).append("\",\"repositories\":[\"").append(prefix).append("/**\"]},")
                .append("\"destinations\":[{\"registry\":\"").append(destination).append("\"}]");
        if (deletes()) {
            json.append(",\"deletes\":true");
        }
        if (webhook()) {
            // a long quiet period for the window the test kills in; short ones elsewhere
            json.append(",\"trigger\":{\"type\":\"event\",\"debounceSeconds\":")
                    .append(point.equals(DEBOUNCE_WINDOW) ? 15 : 1).append('}');
        }
        return json.append('}').toString();
    }

    /**
     * Pushes the source data (and, for mirror deletes, a stale destination tag); returns the tags that must end at
     * the destination ({@code repo:tag} → manifest).
     */
    Map<String, ManifestBytes> seed(RegistryClient source, RegistryClient destination, long seed) {
        SampleImages images = new SampleImages(source, seed);
        Map<String, ManifestBytes> pushed = new LinkedHashMap<>();
        byte[] shared = images.randomBytes(LAYER);
        Descriptor baseA = images.blob(repoA(), shared, MediaType.OCI_LAYER_GZIP);
        Descriptor baseB = images.blob(repoB(), shared, MediaType.OCI_LAYER_GZIP);
        if (point.equals("blob.chunk-acked")) {
            pushed.put(repoA().value() + ":big", images.image(repoA(), "big", List.of(images.layer(repoA(), CHUNKED))));
        }
        pushed.put(repoA().value() + ":multi", images.multiArch(repoA(), "multi", baseA));
        pushed.put(repoA().value() + ":t0", images.image(repoA(), "t0", List.of(baseA, images.layer(repoA(), LAYER))));
        pushed.put(repoA().value() + ":t1", images.image(repoA(), "t1", List.of(baseA, images.layer(repoA(), LAYER))));
        pushed.put(repoB().value() + ":t0", images.image(repoB(), "t0", List.of(baseB, images.layer(repoB(), LAYER))));
        if (deletes()) {
            SampleImages old = new SampleImages(destination, seed + 1);
            old.image(repoA(), "stale", List.of(old.layer(repoA(), LAYER)));
        }
        if (webhook()) {
            // an event run copies what was pushed: the two tags the webhook names
            pushed.keySet().retainAll(List.of(repoA().value() + ":t0", repoA().value() + ":t1"));
        }
        return pushed;
    }

    /** The registry notification envelope for the event points: pushes of {@code <prefix>/a:t0} and {@code :t1}. */
    String pushEnvelope(Map<String, ManifestBytes> pushed) {
        StringBuilder json = new StringBuilder("{\"events\":[");
        int i = 0;
        for (Map.Entry<String, ManifestBytes> e : pushed.entrySet()) {
            String[] ref = e.getKey().split(":");
            Digest digest = e.getValue().digest();
            json.append(i++ == 0 ? "" : ",").append("{\"action\":\"push\",\"target\":{\"mediaType\":\"")
                    .append(e.getValue().mediaType().value()).append("\",\"digest\":\"").append(digest)
                    .append("\",\"repository\":\"").append(ref[0]).append("\",\"tag\":\"").append(ref[1])
                    .append("\"}}");
        }
        return json.append("]}").toString();
    }
}
