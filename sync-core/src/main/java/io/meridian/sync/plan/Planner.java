package io.meridian.sync.plan;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.transfer.GuardedRegistry;
import io.meridian.sync.transfer.TaskError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link PlanSpec} into tasks: list repositories (catalog) → glob filter → tags →
 * regex filter → HEAD the source tag → HEAD every destination, all in parallel with a bounded
 * number in flight. Nothing is downloaded: an unchanged tag costs one HEAD per side.
 */
public final class Planner {

    private static final Logger LOG = LoggerFactory.getLogger(Planner.class);

    private final ExecutorService pool;
    private final int maxInFlight;

    /** @param pool runs the HEADs; {@code maxInFlight} tags are resolved at once */
    public Planner(ExecutorService pool, int maxInFlight) {
        this.pool = pool;
        this.maxInFlight = maxInFlight;
    }

    public PlanResult plan(PlanSpec spec, GuardedRegistry source, List<PlanDestination> destinations, TaskSink sink) {
        Semaphore permits = new Semaphore(maxInFlight);
        AtomicInteger pending = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        int repositories = 0;
        int tags = 0;
        for (RepositoryName repo : source.catalog()) {
            if (!spec.repositoryFilter().test(repo.value())) {
                continue;
            }
            repositories++;
            for (String tag : source.listTags(repo)) {
                if (!spec.tagFilter().test(tag)) {
                    continue;
                }
                tags++;
                permits.acquireUninterruptibly();
                inFlight.add(CompletableFuture.runAsync(() -> {
                    try {
                        for (PlannedTask task : resolve(spec, source, destinations, repo, tag)) {
                            switch (task.state()) {
                                case PENDING -> pending.incrementAndGet();
                                case SKIPPED -> skipped.incrementAndGet();
                                case CONFLICT -> conflicts.incrementAndGet();
                                default -> failed.incrementAndGet();
                            }
                            sink.accept(task);
                        }
                    } finally {
                        permits.release();
                    }
                }, pool));
                inFlight.removeIf(CompletableFuture::isDone);
            }
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        sink.flush();
        PlanResult result = new PlanResult(repositories, tags, pending.get(), skipped.get(), conflicts.get(),
                failed.get());
        LOG.info("plan of policy {}: {}", spec.policy(), result);
        return result;
    }

    /** One tag: one HEAD at the source, one at each destination; never a GET. */
    private List<PlannedTask> resolve(PlanSpec spec, GuardedRegistry source, List<PlanDestination> destinations,
                                      RepositoryName repo, String tag) {
        Reference ref = Reference.tag(tag);
        Optional<Descriptor> found;
        try {
            found = source.headManifest(repo, ref);
        } catch (RuntimeException e) {
            TaskError error = TaskError.of(e);
            return destinations.stream().map(d -> task(repo, tag, null, null, d, TaskState.FAILED,
                    error.code(), "source: " + error.message())).toList();
        }
        if (found.isEmpty()) {
            LOG.info("{}:{} disappeared from the source while planning; not replicated", repo.value(), tag);
            return List.of();
        }
        Descriptor sourceDescriptor = found.get();
        String digest = sourceDescriptor.digest().toString();
        String mediaType = sourceDescriptor.mediaType().value();
        List<PlannedTask> tasks = new ArrayList<>(destinations.size());
        for (PlanDestination destination : destinations) {
            RepositoryName destRepo = destination.spec().destinationRepository(repo);
            try {
                Optional<Descriptor> there = destination.registry().headManifest(destRepo, ref);
                if (there.isEmpty()) {
                    tasks.add(task(repo, tag, digest, mediaType, destination, TaskState.PENDING, null, null));
                } else if (there.get().digest().equals(sourceDescriptor.digest())) {
                    tasks.add(task(repo, tag, digest, mediaType, destination, TaskState.SKIPPED, null, null));
                } else if (spec.override()) {
                    tasks.add(task(repo, tag, digest, mediaType, destination, TaskState.PENDING, null, null));
                } else {
                    tasks.add(task(repo, tag, digest, mediaType, destination, TaskState.CONFLICT, "CONFLICT",
                            "destination " + destination.registry().name() + "/" + destRepo.value() + ":" + tag
                                    + " is " + there.get().digest() + ", source is " + digest
                                    + "; left alone (override is false)"));
                }
            } catch (RuntimeException e) {
                TaskError error = TaskError.of(e);
                tasks.add(task(repo, tag, digest, mediaType, destination, TaskState.FAILED, error.code(),
                        error.message()));
            }
        }
        return tasks;
    }

    private static PlannedTask task(RepositoryName repo, String tag, String digest, String mediaType,
                                    PlanDestination destination, TaskState state, String code, String message) {
        return new PlannedTask(repo.value(), tag, digest, mediaType, destination.registry().id(),
                destination.spec().destinationRepository(repo).value(), state, code, message);
    }
}
