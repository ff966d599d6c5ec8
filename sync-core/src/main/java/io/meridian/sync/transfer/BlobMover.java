package io.meridian.sync.transfer;

import io.meridian.sync.oci.BlobSource;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.resilience.BandwidthLimiter;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one blob present at a set of destinations, cheapest way first: HEAD (already there)
 * → cross-repository mount from a repository known to hold it → stream from the source.
 *
 * <p><b>Single-flight:</b> per (destination registry, digest) one task does the work and the
 * others wait for it and then mount (distribution fails manifests when one digest is uploaded
 * concurrently into two repositories). <b>Tee:</b> when several destinations need the same
 * blob from one artifact, the source is read once and written to all of them.
 */
public final class BlobMover {

    private static final Logger LOG = LoggerFactory.getLogger(BlobMover.class);

    private record FlightKey(long registryId, Digest digest) {
    }

    private final BlobLocations locations;
    private final ExecutorService streamPool;
    private final ConcurrentMap<FlightKey, CompletableFuture<RepositoryName>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param streamPool runs the destination side of tee'd uploads; must not be bounded below
     *                   (blob workers × destinations), or a tee would wait on itself
     */
    public BlobMover(BlobLocations locations, ExecutorService streamPool) {
        this.locations = locations;
        this.streamPool = streamPool;
    }

    /** Ensures {@code blob} is in every target; returns the targets that failed and why. */
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
        try {
            List<CopyTarget> toCopy = new ArrayList<>();
            for (CopyTarget target : owned.keySet()) {
                try {
                    // within one registry (a namespace mirror), the source repository itself is a mount source
                    RepositoryName sameRegistry = target.registry().id() == source.id() ? sourceRepo : null;
                    if (!presentOrMounted(target, blob, sameRegistry)) {
                        toCopy.add(target);
                    }
                } catch (RuntimeException e) {
                    failures.put(target, e);
                }
            }
            copy(source, sourceRepo, blob, toCopy, limiter, failures);
        } finally {
            owned.forEach((target, future) -> {
                inFlight.remove(new FlightKey(target.registry().id(), blob.digest()), future);
                Throwable failure = failures.get(target);
                if (failure == null) {
                    future.complete(target.repository());
                } else {
                    future.completeExceptionally(failure);
                }
            });
        }
        // Our own work is done (so nobody can be waiting on us in a cycle); now join the others.
        waiting.forEach((target, future) -> {
            RepositoryName holder;
            try {
                holder = future.join();
            } catch (RuntimeException e) {
                failures.putAll(ensure(source, sourceRepo, blob, List.of(target), limiter));
                return;
            }
            try {
                if (!presentOrMounted(target, blob, holder)) {
                    failures.putAll(ensure(source, sourceRepo, blob, List.of(target), limiter));
                }
            } catch (RuntimeException e) {
                failures.put(target, e);
            }
        });
        return failures;
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
                return true;
            }
            locations.forget(registry.id(), from, blob.digest());
        }
        return false;
    }

    private void copy(GuardedRegistry source, RepositoryName sourceRepo, Descriptor blob, List<CopyTarget> targets,
                      BandwidthLimiter limiter, Map<CopyTarget, Throwable> failures) {
        if (targets.isEmpty()) {
            return;
        }
        List<CopyTarget> retryAlone = new ArrayList<>(targets);
        if (targets.size() > 1) {
            retryAlone = tee(source, sourceRepo, blob, targets, limiter);
        }
        for (CopyTarget target : retryAlone) {
            try {
                copyOne(source, sourceRepo, blob, target, limiter);
            } catch (RuntimeException e) {
                LOG.info("blob {} to {} failed: {}", blob.digest(), target, e.getMessage());
                failures.put(target, e);
            }
        }
    }

    /** One source read for all targets; returns those that failed (they get a guarded retry alone). */
    private List<CopyTarget> tee(GuardedRegistry source, RepositoryName sourceRepo, Descriptor blob,
                                 List<CopyTarget> targets, BandwidthLimiter limiter) {
        List<Throwable> results;
        CountingInputStream counted;
        try (BlobSource in = source.openBlob(sourceRepo, blob.digest())) {
            counted = new CountingInputStream(BandwidthLimiter.throttle(in.stream(), limiter));
            List<Consumer<InputStream>> consumers = new ArrayList<>();
            for (CopyTarget target : targets) {
                consumers.add(pipe -> target.registry().guard().run(() -> {
                    target.registry().pushBlobUnguarded(target.repository(), blob.digest(), blob.size(), pipe);
                }));
            }
            results = Tee.fanOut(counted, consumers, streamPool);
        } catch (RegistryException e) {
            return targets;
        }
        targets.get(0).progress().read(counted.count());
        List<CopyTarget> failed = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            CopyTarget target = targets.get(i);
            if (results.get(i) == null) {
                copied(target, blob);
            } else {
                LOG.info("tee'd upload of {} to {} failed ({}); retrying it alone", blob.digest(), target,
                        results.get(i).getMessage());
                failed.add(target);
            }
        }
        LOG.info("blob {} ({} bytes) read once for {} destinations", blob.digest(), blob.size(), targets.size());
        return failed;
    }

    private void copyOne(GuardedRegistry source, RepositoryName sourceRepo, Descriptor blob, CopyTarget target,
                         BandwidthLimiter limiter) {
        target.registry().guard().run(() -> {
            BlobSource in;
            try {
                in = source.openBlob(sourceRepo, blob.digest());
            } catch (RuntimeException e) {
                throw new SourceFailure(e);
            }
            try (in) {
                CountingInputStream counted = new CountingInputStream(BandwidthLimiter.throttle(in.stream(), limiter));
                try {
                    target.registry().pushBlobUnguarded(target.repository(), blob.digest(), blob.size(), counted);
                } catch (RuntimeException e) {
                    if (counted.failure() != null) {
                        throw new SourceFailure(e);
                    }
                    throw e;
                } finally {
                    target.progress().read(counted.count());
                }
            }
        });
        copied(target, blob);
    }

    private void copied(CopyTarget target, Descriptor blob) {
        LOG.debug("blob {} ({} bytes) copied to {}", blob.digest(), blob.size(), target);
        target.progress().blob(blob.digest(), BlobMethod.COPIED, blob.size());
        locations.remember(target.registry().id(), target.repository(), blob.digest(), blob.size());
    }
}
