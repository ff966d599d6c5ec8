package io.meridian.sync.plan;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.OciErrorCode;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.transfer.GuardedRegistry;
import io.meridian.sync.transfer.TaskError;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link PlanSpec} into tasks: list repositories (catalog, or the names a policy of plain
 * names gives) → glob filter → tags →
 * regex filter → HEAD the source tag → HEAD every destination (in parallel), with a bounded
 * number of tags in flight. Nothing is downloaded: an unchanged tag costs one HEAD per side.
 * Tasks stream to the {@link TaskSink} as answers arrive, so memory does not grow with tags.
 * What happens to each (artifact, destination) is decided in one place, {@link ArtifactDecider}
 * (its {@link ArtifactRule}s in order); an execution's sink stores the decisions as tasks, a
 * preview's collects them, so the two cannot disagree.
 */
public final class Planner {

    private static final Logger LOG = LoggerFactory.getLogger(Planner.class);
    private static final long STOP_POLL_MILLIS = 200;

    /** The reference of the task that stands for a whole repository whose tags could not be listed. */
    public static final String ALL_TAGS = "*";

    private final ExecutorService pool;
    private final int maxInFlight;

    /** @param pool runs the HEADs; {@code maxInFlight} tags are resolved at once */
    public Planner(ExecutorService pool, int maxInFlight) {
        this.pool = pool;
        this.maxInFlight = maxInFlight;
    }

    /** Plans to the end (no stop signal). */
    public PlanResult plan(PlanSpec spec, GuardedRegistry source, List<PlanDestination> destinations, TaskSink sink)
            throws InterruptedException {
        return plan(spec, source, destinations, sink, () -> false);
    }

    /**
     * Plans until done or until {@code stopRequested} answers true (asked at least every
     * {@value #STOP_POLL_MILLIS} ms while waiting, and before each repository and tag): then no
     * further tag is started, the HEADs in flight are interrupted, nothing more reaches the sink,
     * and the result says {@code stopped}. An interrupt of the calling thread does the same and
     * propagates as {@link InterruptedException}.
     */
    public PlanResult plan(PlanSpec spec, GuardedRegistry source, List<PlanDestination> destinations, TaskSink sink,
                           BooleanSupplier stopRequested) throws InterruptedException {
        Semaphore permits = new Semaphore(maxInFlight);
        Counts counts = new Counts();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        InFlight inFlight = new InFlight();
        int repositories = 0;
        int tags = 0;
        try {
            plan:
            for (RepositoryName repo : repositories(spec, source)) {
                if (!spec.repositoryFilter().test(repo.value())) {
                    continue;
                }
                if (stopRequested.getAsBoolean()) {
                    break;
                }
                repositories++;
                // issue 14 (policies branch): the policy selects from the repository's whole tag list
                // (tags.latest needs all of them) and may add digests (tags.digests); a digest is
                // planned like a tag, by Reference.parse in resolve.
                List<String> allTags;
                try {
                    allTags = tags(source, repo, !spec.literalRepositories().isEmpty());
                } catch (RegistryException e) {
                    // one repository's listing (a Link that loops, a page that is no JSON, a 403) fails that
                    // repository's tasks, not the plan: the other repositories are planned and copied
                    listingFailed(repo, e, destinations, counts, sink);
                    continue;
                }
                for (String tag : spec.tagSelection().apply(allTags)) {
                    if (!acquire(permits, 1, stopRequested)) {
                        break plan;
                    }
                    tags++;
                    throwIfFailed(failure);
                    inFlight.execute(pool, () -> resolve(spec, source, destinations, repo, tag, task -> {
                        if (!inFlight.cancelled()) {
                            counts.add(task.state());
                            sink.accept(task);
                        }
                    }, permits, failure, inFlight));
                }
                if (spec.deletes()) { // issue 14, mirror mode: one class decides deletions
                    MirrorDeletes.plan(spec, source, destinations, repo, allTags, task -> emit(task, counts, sink));
                }
            }
            // every tag holds one permit until all its HEADs are answered: all back = all done
            if (!acquire(permits, maxInFlight, stopRequested)) {
                inFlight.cancel();
                LOG.info("plan of policy {} stopped on request after {} tags", spec.policy(), tags);
                return new PlanResult(repositories, tags, counts.pending.get(), counts.skipped.get(),
                        counts.conflicts.get(), counts.failed.get(), true);
            }
        } catch (InterruptedException e) {
            inFlight.cancel();
            Thread.currentThread().interrupt();
            throw e;
        } catch (RuntimeException e) {
            inFlight.cancel();
            throw e;
        }
        throwIfFailed(failure);
        sink.flush();
        PlanResult result = new PlanResult(repositories, tags, counts.pending.get(), counts.skipped.get(),
                counts.conflicts.get(), counts.failed.get(), false);
        LOG.info("plan of policy {}: {}{}", spec.policy(), result,
                counts.blocked.get() == 0 ? "" : ", " + counts.blocked.get() + " tasks blocked by the scan gate");
        return result;
    }

    /**
     * A repository whose tags cannot be listed: one FAILED task per destination, reference {@value #ALL_TAGS} (no tag
     * is known), with the source's error. Nothing of the repository is planned, so nothing is copied or deleted.
     */
    private static void listingFailed(RepositoryName repo, RegistryException e, List<PlanDestination> destinations,
                                      Counts counts, TaskSink sink) {
        TaskError error = TaskError.of(e);
        LOG.warn("tags of {} cannot be listed; its tasks fail, the other repositories go on: {}", repo.value(),
                error.message());
        for (PlanDestination d : destinations) {
            emit(new PlannedTask(repo, null, ALL_TAGS, null, null, d.registry().id(),
                    PlannedTasks.destinationOrSource(d, repo), TaskState.FAILED, error.code(),
                    "source: " + error.message()), counts, sink);
        }
    }

    private static void emit(PlannedTask task, Counts counts, TaskSink sink) {
        counts.add(task.state());
        sink.accept(task);
    }

    /** Takes {@code n} permits, asking {@code stopRequested} while waiting; false when a stop came first. */
    private static boolean acquire(Semaphore permits, int n, BooleanSupplier stopRequested)
            throws InterruptedException {
        do {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
        } while (!permits.tryAcquire(n, STOP_POLL_MILLIS, TimeUnit.MILLISECONDS));
        return true;
    }

    /** The named repositories when the policy names them all (no catalog listing), else the catalog. */
    private static List<RepositoryName> repositories(PlanSpec spec, GuardedRegistry source) {
        if (spec.literalRepositories().isEmpty()) {
            return source.catalog();
        }
        List<RepositoryName> named = new java.util.ArrayList<>();
        for (String name : spec.literalRepositories()) {
            try {
                named.add(RepositoryName.parse(name));
            } catch (IllegalArgumentException e) {
                LOG.info("plan of policy {}: '{}' cannot be a repository name ({}); nothing to list", spec.policy(),
                        name, e.getMessage());
            }
        }
        LOG.info("plan of policy {}: {} named repositories listed directly, no catalog", spec.policy(), named.size());
        return named;
    }

    /** A named repository may not exist (yet) at the source: that is no tags, not a failed plan. */
    private static List<String> tags(GuardedRegistry source, RepositoryName repo, boolean named) {
        try {
            return source.listTags(repo);
        } catch (RegistryException e) {
            if (named && (e.status() == 404 || e.errorCode().filter(c -> c == OciErrorCode.NAME_UNKNOWN).isPresent())) {
                LOG.info("{} does not exist at source {}; nothing to replicate from it", repo.value(), source.name());
                return List.of();
            }
            throw e;
        }
    }

    private static void throwIfFailed(AtomicReference<RuntimeException> failure) {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    private static final class Counts {
        final AtomicInteger pending = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger conflicts = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger blocked = new AtomicInteger();

        void add(TaskState state) {
            switch (state) {
                case PENDING -> pending.incrementAndGet();
                case SKIPPED -> skipped.incrementAndGet();
                case CONFLICT -> conflicts.incrementAndGet();
                case BLOCKED -> blocked.incrementAndGet();
                default -> failed.incrementAndGet();
            }
        }
    }

    /**
     * One tag: one HEAD at the source, then one HEAD per destination, the destinations in
     * parallel; never a GET. Releases the tag's permit when the last answer is in.
     */
    private void resolve(PlanSpec spec, GuardedRegistry source, List<PlanDestination> destinations,
                         RepositoryName repo, String tag, Consumer<PlannedTask> emit, Semaphore permits,
                         AtomicReference<RuntimeException> failure, InFlight inFlight) {
        boolean handedOver = false;
        try {
            if (inFlight.cancelled()) {
                return;
            }
            Reference ref;
            try {
                ref = Reference.parse(tag); // a tag, or a digest from tags.digests (issue 14)
            } catch (IllegalArgumentException e) {
                destinations.forEach(d -> emit.accept(new PlannedTask(repo, null, tag, null, null, d.registry().id(),
                        PlannedTasks.destinationOrSource(d, repo), TaskState.FAILED, "TAG_INVALID",
                        "source tag is not a valid tag: " + e.getMessage())));
                return;
            }
            Optional<Descriptor> found;
            try {
                found = OneMoreRound.read("head source " + repo.value() + ":" + ref.value(),
                        () -> source.headManifest(repo, ref));
            } catch (RuntimeException e) {
                TaskError error = TaskError.of(e);
                destinations.forEach(d -> emit.accept(failed(repo, ref, d, error.code(), "source: " + error.message())));
                return;
            }
            if (found.isEmpty()) {
                LOG.info("{}:{} disappeared from the source while planning; not replicated", repo.value(), tag);
                return;
            }
            SourceFacts facts = new SourceFacts(source, repo, ref, found.get());
            ArtifactDecider decider = new ArtifactDecider(spec);
            AtomicInteger outstanding = new AtomicInteger(destinations.size());
            for (PlanDestination destination : destinations) {
                inFlight.execute(pool, () -> {
                    try {
                        if (!inFlight.cancelled()) {
                            decider.decide(spec, facts, destination).ifPresent(emit);
                        }
                    } catch (RuntimeException e) {
                        if (!inFlight.cancelled()) {
                            failure.compareAndSet(null, e);
                        }
                    } finally {
                        if (outstanding.decrementAndGet() == 0) {
                            permits.release();
                        }
                    }
                });
            }
            handedOver = true;
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            if (!handedOver) {
                permits.release();
            }
        }
    }

    private static PlannedTask failed(RepositoryName repo, Reference ref, PlanDestination d, String code,
                                      String message) {
        return new PlannedTask(repo, ref, null, null, null, d.registry().id(),
                PlannedTasks.destinationOrSource(d, repo), TaskState.FAILED, code, message);
    }
}
