package io.meridian.sync.batch;

import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.TaskState;
import io.meridian.sync.transfer.LeaseCheck;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * The transfer step's processor (one per partition): copies one artifact to its destinations.
 * The step runs the processors of a chunk concurrently on the artifact pool. When every
 * destination failed for one and the same cause (the source side: manifest GET, a blob), that
 * cause is thrown, so the retry and skip the step builder declares against the OCI client's
 * retryable/permanent branches apply; per-destination failures are outcomes.
 *
 * <p>A stop does not wait for the chunk: while the partition is open the execution's row is
 * watched, and on STOPPING the threads copying for it are interrupted (the copy ends with a
 * {@code TransferInterruptedException}, the chunk is not written, its tasks end STOPPED).
 */
class TransferProcessor implements ItemProcessor<PendingArtifact, ArtifactOutcome>, ItemStream {

    static final long STOP_POLL_MILLIS = 500;

    private final ReplicationEngine engine;
    private final ResolvedExecution execution;
    private final RepositoryName repository;
    private final BooleanSupplier stopRequested;
    private final LeaseCheck lease;
    private final Object lock = new Object();
    private final Set<Thread> copying = new HashSet<>();
    private boolean stopped;
    private ScheduledExecutorService watcher;
    /** The source repository's tags, listed when the partition opens: signature look-ups without HEADs. */
    private volatile Set<String> sourceTags;

    TransferProcessor(ReplicationEngine engine, ResolvedExecution execution, RepositoryName repository,
                      BooleanSupplier stopRequested, LeaseCheck lease) {
        this.lease = lease;
        this.engine = engine;
        this.execution = execution;
        this.repository = repository;
        this.stopRequested = stopRequested;
    }

    @Override
    public void open(ExecutionContext executionContext) {
        sourceTags = Set.copyOf(execution.source().listTags(repository));
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "meridian-stop-watch");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::watch, STOP_POLL_MILLIS, STOP_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    private void watch() {
        boolean stop;
        try {
            stop = stopRequested.getAsBoolean();
        } catch (RuntimeException e) {
            return; // an exception would end this scheduled watch for good; the next tick asks again
        }
        if (stop) {
            synchronized (lock) {
                stopped = true;
                copying.forEach(Thread::interrupt);
            }
        }
    }

    @Override
    public ArtifactOutcome process(PendingArtifact artifact) throws InterruptedException {
        Thread self = Thread.currentThread();
        synchronized (lock) {
            if (stopped) {
                throw new InterruptedException("execution stopped; " + artifact.reference() + " not copied");
            }
            copying.add(self);
        }
        ArtifactOutcome outcome;
        try {
            outcome = engine.copy(execution, artifact, sourceTags, lease);
        } finally {
            synchronized (lock) {
                copying.remove(self);
                // no interrupt can arrive any more: one that landed after the copy ended is ours to clear
                if (stopped) {
                    Thread.interrupted();
                }
            }
        }
        Throwable common = outcome.tasks().get(0).cause();
        boolean allFailedAlike = common != null && outcome.tasks().stream()
                .allMatch(t -> t.state() == TaskState.FAILED && t.cause() == common);
        if (allFailedAlike && TransferFaults.isDeclared(common)) {
            throw (RuntimeException) TransferFaults.unwrap(common);
        }
        return outcome;
    }
}
