package io.meridian.sync.helm;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.PlannedTask;
import io.meridian.sync.plan.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A replication whose source is a classic chart repository, bound to opened repositories: the seam through which the
 * replication job hands such policies to {@link ChartReplicator}. Its result is the job's task rows, shaped like an
 * image's (repository = chart name, reference = version, digest = {@code sha256:<chart digest>}), each already final
 * (COPIED, SKIPPED, CONFLICT or FAILED), so the job's transfer step finds nothing left to do. Close it to release
 * the clients it opened.
 *
 * @param destinations each with the registry id and the namespace the task rows put before the chart name ("" for none)
 */
public record ChartExecution(ChartSource source, ChartReplicator.Selection selection, List<Destination> destinations,
                             boolean overwrite, AutoCloseable resources) implements AutoCloseable {

    /** One destination of the policy: its registry id, the repository name recorded on tasks, and the writer. */
    public record Destination(long registryId, String repository, ChartDestination writer) {
        public Destination {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(writer, "writer");
        }
    }

    public ChartExecution {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(selection, "selection");
        destinations = List.copyOf(destinations);
        resources = resources == null ? () -> { } : resources;
    }

    /** Replicates and returns one final task per (chart version, destination). */
    public List<PlannedTask> run(ChartReplicator replicator) {
        Map<String, Destination> byName = destinations.stream()
                .collect(Collectors.toMap(d -> Long.toString(d.registryId()), Function.identity(), (a, b) -> a));
        List<ChartReplicator.Target> targets = destinations.stream()
                .map(d -> new ChartReplicator.Target(Long.toString(d.registryId()), d.writer())).toList();
        List<PlannedTask> out = new ArrayList<>();
        for (ChartTask task : replicator.replicate(source, selection, targets, overwrite)) {
            Destination d = byName.get(task.destination());
            TaskState state = switch (task.outcome()) {
                case COPIED -> TaskState.COPIED;
                case SKIPPED -> TaskState.SKIPPED;
                case CONFLICT -> TaskState.CONFLICT;
                case FAILED -> TaskState.FAILED;
            };
            // a chart version is shown as the task's reference; one with '+' is no OCI tag, so it is kept as text
            Reference version = isOciTag(task.reference()) ? Reference.tag(task.reference()) : null;
            out.add(new PlannedTask(RepositoryName.parse(task.repository()), version,
                    version == null ? task.reference() : null, task.digest().map(Digest::parse).orElse(null),
                    MediaType.HELM_CHART_CONTENT, d.registryId(), RepositoryName.parse(
                            d.repository().isEmpty() ? task.repository() : d.repository() + "/" + task.repository()),
                    state,
                    state == TaskState.FAILED || state == TaskState.CONFLICT ? "HELM_CHART" : null,
                    state == TaskState.COPIED || state == TaskState.SKIPPED ? null : task.message()));
        }
        return out;
    }

    private static boolean isOciTag(String version) {
        try {
            Reference.tag(version);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
