package io.meridian.sync.transfer;

import io.meridian.sync.crash.CrashPoints;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.TransferInterruptedException;
import io.meridian.sync.resilience.BandwidthLimiter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one blob present at one or more destinations, cheapest way first: HEAD (already there) → cross-repository
 * mount from a repository known to hold it → stream it from the source ({@link BlobStreams}: replayable attempts
 * only, the source read once for all destinations, wrong bytes fetched again).
 *
 * <p><b>Single-flight:</b> per (destination registry, digest) one caller does the work and the others wait for it
 * and then mount (distribution fails manifests when one digest is uploaded concurrently into two repositories).
 * <b>Mount before upload:</b> a blob the registry already holds in another repository is never uploaded again.
 * Every failure is returned per target with the registry's error; only an interrupt is thrown.
 */
public final class BlobTransfer {

    private static final Logger LOG = LoggerFactory.getLogger(BlobTransfer.class);

    private record FlightKey(long registryId, Digest digest) {
    }

    private final BlobLocations locations;
    private final BlobStreams streams;
    private final ConcurrentMap<FlightKey, CompletableFuture<RepositoryName>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param streamPool runs the destination side of tee'd uploads; must not be bounded below (blob workers ×
     *                   destinations), or a tee would wait on itself
     */
    public BlobTransfer(BlobLocations locations, ExecutorService streamPool) {
        this(locations, streamPool, AttemptTarget.Routes.DIRECT);
    }

    /** As above, with the target of each attempt chosen by {@code routes}. */
    public BlobTransfer(BlobLocations locations, ExecutorService streamPool, AttemptTarget.Routes routes) {
        this.locations = locations;
        this.streams = new BlobStreams(streamPool, routes);
    }

    /**
     * Ensures {@code blob} of {@code sourceRepo} is in every target; returns the targets that failed and why.
     *
     * @throws TransferInterruptedException when the thread is interrupted (flag restored); nothing else is thrown
     */
    public Map<CopyTarget, Throwable> ensure(GuardedRegistry source, RepositoryName sourceRepo, Descriptor blob,
                                             List<CopyTarget> targets, BandwidthLimiter limiter) {
        Map<CopyTarget, Throwable> failures = new LinkedHashMap<>();
        Map<CopyTarget, CompletableFuture<RepositoryName>> owned = new LinkedHashMap<>();
        Map<CopyTarget, CompletableFuture<RepositoryName>> waiting = new LinkedHashMap<>();
        for (CopyTarget target : targets) {
            CompletableFuture<RepositoryName> mine = new CompletableFuture<>();
            CompletableFuture<RepositoryName> other =
                    inFlight.putIfAbsent(new FlightKey(target.registry().id(), blob.digest()), mine);
            if (other == null) {
                owned.put(target, mine);
            } else {
                waiting.put(target, other);
            }
        }
        Set<CopyTarget> done = ConcurrentHashMap.newKeySet();
        try {
            List<CopyTarget> toCopy = new ArrayList<>();
            for (CopyTarget target : owned.keySet()) {
                try {
                    // within one registry (a namespace mirror), the source repository itself is a mount source
                    RepositoryName sameRegistry = target.registry().id() == source.id() ? sourceRepo : null;
                    if (presentOrMounted(target, blob, sameRegistry)) {
                        done.add(target);
                    } else {
                        toCopy.add(target);
                    }
                } catch (TransferInterruptedException e) {
                    throw e;
                } catch (RuntimeException e) {
                    failures.put(target, e);
                }
            }
            Map<CopyTarget, Throwable> copyFailures =
                    streams.copy(new BlobStreams.SourceBlob(source, sourceRepo, blob, limiter), toCopy);
            failures.putAll(copyFailures);
            for (CopyTarget target : toCopy) {
                if (!copyFailures.containsKey(target)) {
                    copied(target, blob);
                    done.add(target);
                }
            }
        } finally {
            owned.forEach((target, future) -> {
                inFlight.remove(new FlightKey(target.registry().id(), blob.digest()), future);
                if (done.contains(target)) {
                    future.complete(target.repository());
                } else {
                    future.completeExceptionally(failures.getOrDefault(target,
                            new IllegalStateException("copy of " + blob.digest() + " to " + target + " stopped")));
                }
            });
        }
        // Our own work is done (so nobody can be waiting on us in a cycle); now wait for the others.
        waiting.forEach((target, future) -> afterOther(source, sourceRepo, blob, target, future, limiter, failures));
        return failures;
    }

    private void afterOther(GuardedRegistry source, RepositoryName sourceRepo, Descriptor blob, CopyTarget target,
                            CompletableFuture<RepositoryName> other, BandwidthLimiter limiter,
                            Map<CopyTarget, Throwable> failures) {
        RepositoryName holder;
        try {
            holder = other.get();
        } catch (InterruptedException e) {
            throw TransferInterruptedException.interrupted("waiting for another copy of " + blob.digest(), e);
        } catch (ExecutionException e) {
            // the other copy failed (perhaps for a reason of its own): try ourselves
            failures.putAll(ensure(source, sourceRepo, blob, List.of(target), limiter));
            return;
        }
        try {
            if (!presentOrMounted(target, blob, holder)) {
                failures.putAll(ensure(source, sourceRepo, blob, List.of(target), limiter));
            }
        } catch (TransferInterruptedException e) {
            throw e;
        } catch (RuntimeException e) {
            failures.put(target, e);
        }
    }

    private boolean presentOrMounted(CopyTarget target, Descriptor blob, RepositoryName preferred) {
        GuardedRegistry registry = target.registry();
        if (registry.headBlob(target.repository(), blob.digest()).isPresent()) {
            LOG.debug("blob {} present at {}, skipped", blob.digest(), target);
            target.progress().blob(blob.digest(), BlobMethod.SKIPPED, blob.size());
            locations.remember(registry.id(), target.repository(), blob.digest(), blob.size());
            return true;
        }
        List<RepositoryName> candidates = new ArrayList<>();
        if (preferred != null && !preferred.equals(target.repository())) {
            candidates.add(preferred);
        }
        for (RepositoryName known : locations.candidates(registry.id(), blob.digest(), target.repository())) {
            if (!candidates.contains(known)) {
                candidates.add(known);
            }
        }
        for (RepositoryName from : candidates) {
            if (registry.mountBlob(target.repository(), blob.digest(), from)) {
                LOG.debug("blob {} mounted at {} from {}", blob.digest(), target, from);
                target.progress().blob(blob.digest(), BlobMethod.MOUNTED, blob.size());
                locations.remember(registry.id(), target.repository(), blob.digest(), blob.size());
                CrashPoints.reach("blob.mounted", blob.digest());
                return true;
            }
            locations.forget(registry.id(), from, blob.digest());
        }
        return false;
    }

    private void copied(CopyTarget target, Descriptor blob) {
        LOG.debug("blob {} ({} bytes) copied to {}", blob.digest(), blob.size(), target);
        target.progress().blob(blob.digest(), BlobMethod.COPIED, blob.size());
        locations.uploaded(target.registry().id(), target.repository(), blob.digest(), blob.size());
        CrashPoints.reach("blob.committed", blob.digest());
    }
}
