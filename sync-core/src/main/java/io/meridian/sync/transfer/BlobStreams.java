package io.meridian.sync.transfer;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.meridian.regions.paths.Work;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.RetryableRegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import io.meridian.sync.resilience.BandwidthLimiter;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bytes of one blob, from the source to one or more destinations, with every retry of them. {@link BlobTransfer}
 * decides who needs them (HEAD, mount, single-flight); this class moves them:
 * <ul>
 *   <li><b>Replayable attempts only.</b> The source is read through {@link SourceReads}: each GET is one guarded
 *   (retry, breaker, bulkhead) request, and a read that breaks re-opens it with {@code Range} at the offset reached.
 *   Each destination attempt is a <em>new upload session</em> reading a fresh source opener, under the destination's
 *   retry, breaker and bulkhead. Neither is retried inside the other, and nothing is retried around a consumed
 *   stream or a pipe.</li>
 *   <li><b>Read once for many.</b> With several destinations the source is read once and tee'd; each tee'd upload
 *   is one unretried attempt. A destination whose upload fails retryably leaves the tee (the others go on) and
 *   copies alone with the full retry policy from a fresh source GET.</li>
 *   <li><b>Wrong bytes are transient.</b> Bytes that do not hash to the digest (the client checks before the last
 *   byte, so nothing is committed), or a destination's {@code DIGEST_INVALID} for bytes we hashed right, are fetched
 *   and uploaded again while each wrong result is new ({@link WrongBytes}); a source that serves the same wrong
 *   bytes twice ends {@code DIGEST_INVALID}.</li>
 *   <li><b>Interrupts propagate</b> as {@link TransferInterruptedException}: never retried, never counted by a
 *   breaker, tee'd uploads cancelled.</li>
 * </ul>
 * Each attempt's target is an explicit {@link AttemptTarget} from {@link AttemptTarget.Routes}.
 */
final class BlobStreams {


    private static final Logger LOG = LoggerFactory.getLogger(BlobStreams.class);
    /** Requests of one upload session (POST, PATCH or PUT with body, the committing PUT): the ranking's work. */
    static final int UPLOAD_REQUESTS = 3;

    /** The source side of one blob: where it is read from, its descriptor, the policy's bandwidth cap. */
    record SourceBlob(GuardedRegistry registry, RepositoryName repository, Descriptor blob, BandwidthLimiter limiter) {
        SourceBlob {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(blob, "blob");
        }
    }

    private final ExecutorService streamPool;
    private final AttemptTarget.Routes routes;

    /**
     * @param streamPool runs the destination side of tee'd uploads (and a consumer's solo retry); must not be bounded
     *                   below (blob workers × destinations), or a tee would wait on itself
     */
    BlobStreams(ExecutorService streamPool, AttemptTarget.Routes routes) {
        this.streamPool = Objects.requireNonNull(streamPool, "streamPool");
        this.routes = Objects.requireNonNull(routes, "routes");
    }

    /**
     * Streams the blob to every target; returns the failed targets with their cause (the registry's error, the
     * source's for a source failure). The others hold the blob. Throws only {@link TransferInterruptedException}.
     */
    Map<CopyTarget, Throwable> copy(SourceBlob source, List<CopyTarget> targets) {
        Map<CopyTarget, Throwable> failures = new LinkedHashMap<>();
        if (targets.size() == 1) {
            CopyTarget target = targets.get(0);
            try {
                copyAlone(source, target);
            } catch (TransferInterruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                failures.put(target, reported(e));
            }
        } else if (!targets.isEmpty()) {
            tee(source, targets, failures);
        }
        failures.forEach((target, e) -> LOG.info("blob {} to {} failed: {}", source.blob().digest().shortForm(),
                target, e.getMessage()));
        return failures;
    }

    /** One destination alone: fetch rounds (wrong bytes) around upload sessions (destination retry). */
    private void copyAlone(SourceBlob source, CopyTarget target) {
        try {
            WrongBytes.fetch("blob " + source.blob().digest().shortForm() + " to " + target, Duration.ofMillis(100),
                    () -> {
                        uploadSessions(source, target);
                        return null;
                    });
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted() && !(e instanceof TransferInterruptedException)) {
                throw TransferInterruptedException.interrupted("copy blob " + source.blob().digest(), e);
            }
            throw e;
        }
    }

    /**
     * The destination's guarded retry: each attempt is a new upload session reading a fresh source opener, on the
     * endpoint {@link AttemptTarget.Routes} chooses for it, under that endpoint's breaker and bulkhead. A retry after
     * an endpoint failed (or its breaker opened) goes to the next best endpoint: the session restarts there.
     */
    private void uploadSessions(SourceBlob source, CopyTarget target) {
        AtomicInteger attempt = new AtomicInteger();
        Set<String> failed = new HashSet<>();
        String[] previous = {null};
        GuardedRegistry planned = target.registry();
        Work work = new Work(UPLOAD_REQUESTS, source.blob().size());
        planned.guard().retrying(() -> {
            AttemptTarget to = routes.route(planned, target.repository(), attempt.incrementAndGet(), work,
                    target.paths(), failed);
            GuardedRegistry via = to.registry();
            if (previous[0] != null && !previous[0].equals(via.endpoint())) {
                target.progress().failover();
                LOG.info("blob {} to {}: failing over from endpoint {} to {}", source.blob().digest().shortForm(),
                        target, previous[0], via.endpoint());
            }
            previous[0] = via.endpoint();
            long started = System.nanoTime();
            long body;
            try (SourceReads reads = new SourceReads(source, routes, target.progress()::read)) {
                via.guard().attempt(() -> {
                    push(to, source.blob(), reads, c -> c.pushBlob(to.repository(), source.blob().digest(),
                            source.blob().size(), reads));
                    return null;
                });
                long first = reads.firstByteAt();
                body = first == 0 ? 0 : System.nanoTime() - first;
            } catch (RuntimeException e) {
                throw failedOn(planned, via, failed, e);
            }
            succeededOn(planned, via, target, source.blob().size(), started, body);
            return null;
        });
    }

    /** Counts a successful upload on its endpoint (bytes, throughput sample) when the registry has several. */
    private static void succeededOn(GuardedRegistry planned, GuardedRegistry via, CopyTarget target, long size,
                                    long started, long bodyNanos) {
        if (planned.endpoints().isEmpty()) {
            return;
        }
        target.progress().via(via.endpointKey(), size);
        target.registry().pinTo(via.endpoint());
        if (via.pathMeter() != null) {
            if (bodyNanos > 0) {
                via.pathMeter().transfer(size, bodyNanos, 1); // the body and the committing request's round trip
            } else {
                via.pathMeter().transfer(size, System.nanoTime() - started, UPLOAD_REQUESTS);
            }
            via.pathMeter().outcome(true);
        }
    }

    /**
     * An attempt failed on {@code via}: its endpoint is avoided by the next attempt of this blob. An open breaker is
     * no reason to give up while the registry has another endpoint: it becomes a retryable failure there.
     */
    private static RuntimeException failedOn(GuardedRegistry planned, GuardedRegistry via, Set<String> failed,
                                             RuntimeException e) {
        if (planned.endpoints().isEmpty() || e instanceof TransferInterruptedException || e instanceof SourceFailure) {
            return e;
        }
        failed.add(via.endpoint());
        boolean endpointFault = e instanceof CallNotPermittedException
                || (e instanceof RegistryException r && r.isRetryable());
        if (via.pathMeter() != null && endpointFault) {
            via.pathMeter().outcome(false);
        }
        if (e instanceof CallNotPermittedException && failed.size() < planned.endpoints().size()) {
            return new RetryableRegistryException("endpoint " + via.endpointKey() + " has its circuit breaker open; "
                    + "failing over", e);
        }
        return e;
    }

    /**
     * Runs one upload; a failure caused by the source becomes a {@link SourceFailure}, so the destination's retry
     * and breaker ignore it.
     */
    private static void push(AttemptTarget to, Descriptor blob, SourceReads reads, Consumer<GuardedRegistry> upload) {
        try {
            upload.accept(to.registry());
        } catch (TransferInterruptedException | SourceFailure e) {
            throw e;
        } catch (RuntimeException e) {
            RegistryException source = reads.failure();
            if (source != null) {
                throw new SourceFailure(source);
            }
            throw e;
        }
    }

    /** One source read for all targets; a consumer whose upload fails retryably leaves and copies alone. */
    private void tee(SourceBlob source, List<CopyTarget> targets, Map<CopyTarget, Throwable> failures) {
        List<Throwable> results;
        try (SourceReads reads = new SourceReads(source, routes, targets.get(0).progress()::read)) {
            InputStream in;
            try {
                in = reads.open(0);
            } catch (SourceFailure e) {
                targets.forEach(t -> failures.put(t, e.getCause()));
                return;
            }
            List<Consumer<InputStream>> consumers = new ArrayList<>();
            for (CopyTarget target : targets) {
                consumers.add(pipe -> teeConsumer(source, target, pipe, reads));
            }
            results = Tee.fanOut(in, consumers, streamPool);
        }
        for (int i = 0; i < targets.size(); i++) {
            if (results.get(i) != null) {
                failures.put(targets.get(i), reported(results.get(i)));
            }
        }
        LOG.info("blob {} ({} bytes) read once for {} destinations", source.blob().digest().shortForm(),
                source.blob().size(), targets.size());
    }

    private void teeConsumer(SourceBlob source, CopyTarget target, InputStream pipe, SourceReads reads) {
        long started = System.nanoTime();
        try {
            AttemptTarget to = routes.route(target.registry(), target.repository(), 1,
                    new Work(UPLOAD_REQUESTS, source.blob().size()), target.paths(), Set.of());
            to.registry().guard().attempt(() -> {
                push(to, source.blob(), reads, r -> r.pushBlob(to.repository(), source.blob().digest(),
                        source.blob().size(), pipe));
                return null;
            });
            succeededOn(target.registry(), to.registry(), target, source.blob().size(), started, 0);
            return;
        } catch (TransferInterruptedException | SourceFailure e) {
            throw e;
        } catch (RuntimeException e) {
            if (!(e instanceof RegistryException r && r.isRetryable()) && !WrongBytes.isWrongBytes(e)) {
                throw e;
            }
            LOG.info("tee'd upload of {} to {} failed ({}); it leaves the tee and copies alone",
                    source.blob().digest().shortForm(), target, e.getMessage());
        }
        closeQuietly(pipe); // the producer stops feeding this consumer; the others go on
        copyAlone(source, target);
    }

    /** The failure to report: the source's own error for a source failure. */
    private static Throwable reported(Throwable e) {
        return e instanceof SourceFailure && e.getCause() != null ? e.getCause() : e;
    }


    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (java.io.IOException ignored) {
            // leaving anyway
        }
    }
}
