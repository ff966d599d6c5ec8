package io.meridian.server.api.policies;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.meridian.policies.Policy;
import io.meridian.server.api.executions.Page;
import io.meridian.server.problem.ApiProblem;
import io.meridian.server.replication.ChartRepositoryConnections;
import io.meridian.server.replication.PolicyPlans;
import io.meridian.server.replication.RegistryConnections;
import io.meridian.sync.batch.ReplicationEngine;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.plan.ArtifactBytes;
import io.meridian.sync.plan.PlanDestination;
import io.meridian.sync.plan.PlanSpec;
import io.meridian.sync.plan.PlannedTask;
import io.meridian.sync.plan.TaskSink;
import io.meridian.sync.plan.TaskState;
import io.meridian.sync.transfer.GuardedRegistry;
import io.meridian.sync.transfer.TaskError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Preview (dry run): the execution's own planner on the policy's {@link PlanSpec} ({@link PolicyPlans}, the same
 * translation an execution resolves), its decisions collected in memory instead of the tasks table. Nothing is
 * written anywhere: no execution row, no task, no registry write (the planner only HEADs, and GETs manifests where a
 * rule needs them). Every item the planner decides is rendered as it is, whatever rule decided it.
 */
@Service
public class PolicyPreviewService {

    private final PolicyService policies;
    private final RegistryConnections registries;
    private final ChartRepositoryConnections charts;
    private final ReplicationEngine engine;

    public PolicyPreviewService(PolicyService policies, RegistryConnections registries,
                                ChartRepositoryConnections charts, ReplicationEngine engine) {
        this.policies = policies;
        this.registries = registries;
        this.charts = charts;
        this.engine = engine;
    }

    /** A stored policy's preview. */
    public PreviewView preview(String name, int page, int size) throws InterruptedException {
        return preview(policies.get(name), page, size, false);
    }

    /** An unsaved policy's preview: checked exactly as a create would check it (every problem, with its field). */
    public PreviewView previewUnsaved(Policy policy, int page, int size) throws InterruptedException {
        return preview(policy, page, size, true);
    }

    private PreviewView preview(Policy policy, int page, int size, boolean check) throws InterruptedException {
        if (check) {
            policies.check(policy);
        }
        if (charts.isChartRepository(policy.source().registry())) {
            throw ApiProblem.badRequest("source.registry", "registry '" + policy.source().registry()
                    + "' is a classic chart repository; preview plans OCI sources only");
        }
        PlanSpec spec = PolicyPlans.spec(policy, registries);
        GuardedRegistry source = registries.open(spec.sourceRegistry());
        List<PlanDestination> destinations = spec.destinations().stream()
                .map(d -> new PlanDestination(registries.open(d.registry()), d)).toList();
        Collected collected = new Collected();
        Map<Long, String> names = new HashMap<>();
        destinations.forEach(d -> names.put(d.registry().id(), d.registry().name()));
        List<PreviewView.Item> items;
        try {
            engine.planner().plan(spec, source, destinations, collected);
            ArtifactBytes sizes = new ArtifactBytes(source, spec.scope());
            items = collected.tasks.stream()
                    .sorted(Comparator.comparing((PlannedTask t) -> t.sourceRepository().value())
                            .thenComparing(PlannedTask::referenceText)
                            .thenComparing(t -> names.get(t.destinationRegistryId()))
                            .thenComparing(t -> t.destinationRepository().value()))
                    .map(t -> item(t, names.get(t.destinationRegistryId()), sizes)).toList();
        } catch (RegistryException | CallNotPermittedException e) {
            // the source could not be listed or read: the preview cannot say what a run would do
            throw new ApiProblem(HttpStatus.BAD_GATEWAY, "source.registry", "preview of policy " + policy.name()
                    + " could not read source registry '" + spec.sourceRegistry() + "': " + TaskError.of(e).message());
        }
        Page<PreviewView.Item> one = page(items, page, size);
        return new PreviewView(one.items(), page, size, items.size(), summary(items));
    }

    private static PreviewView.Item item(PlannedTask t, String registry, ArtifactBytes sizes) {
        boolean copies = t.state() == TaskState.PENDING && t.digest() != null;
        long bytes = copies ? sizes.of(t.sourceRepository(), t.digest()) : 0;
        return new PreviewView.Item(t.sourceRepository().value(), t.referenceText(),
                t.digest() == null ? null : t.digest().toString(),
                new PreviewView.Destination(registry, t.destinationRepository().value()), t.action().name(), bytes,
                t.warning(), t.errorCode() == null ? null : new PreviewView.Error(t.errorCode(), t.errorMessage()),
                t.rewrittenDigest() == null ? null : t.rewrittenDigest().toString());
    }

    private static Page<PreviewView.Item> page(List<PreviewView.Item> items, int page, int size) {
        long from = Math.min((long) page * size, items.size());
        int to = (int) Math.min(from + size, items.size());
        return new Page<>(items.subList((int) from, to), page, size, items.size());
    }

    private static PreviewView.Summary summary(List<PreviewView.Item> items) {
        Map<String, long[]> byAction = new TreeMap<>();
        long bytes = 0;
        long warnings = 0;
        for (PreviewView.Item i : items) {
            long[] c = byAction.computeIfAbsent(i.action(), a -> new long[2]);
            c[0]++;
            c[1] += i.bytes();
            bytes += i.bytes();
            warnings += i.warning() == null ? 0 : 1;
        }
        Map<String, PreviewView.Counts> actions = new TreeMap<>();
        byAction.forEach((a, c) -> actions.put(a, new PreviewView.Counts(c[0], c[1])));
        return new PreviewView.Summary(actions, items.size(), bytes, warnings);
    }

    /** The planner's decisions, kept in memory (the preview's stand-in for the tasks table). */
    private static final class Collected implements TaskSink {
        final List<PlannedTask> tasks = new ArrayList<>();

        @Override
        public synchronized void accept(PlannedTask task) {
            tasks.add(task);
        }

        @Override
        public void flush() {
            // nothing buffered
        }
    }
}
