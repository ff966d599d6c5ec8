package io.meridian.server.replication;

import io.meridian.sync.batch.ExecutionFinalizer;
import io.meridian.sync.batch.ExecutionLease;
import io.meridian.sync.batch.ExecutionRepository;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts queued executions, on every node, from what the database says (so it holds across
 * processes and survives any node's death): a WAITING run whose policy went idle becomes QUEUED,
 * and QUEUED executions are admitted to their registries' execution slots by priority
 * ({@link SlotAdmission}) and launched by the node that admitted them. A trigger pumps at once;
 * a timer pumps every poll interval for what finished elsewhere.
 */
public class ExecutionQueue implements ApplicationRunner, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionQueue.class);

    private final ExecutionRepository executions;
    private final ExecutionFinalizer finalizer;
    private final TransactionTemplate transaction;
    private final ReplicationProperties.Queue settings;
    private final NodeId node;
    private final Consumer<ExecutionLease> launch;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "meridian-execution-queue");
        thread.setDaemon(true);
        return thread;
    });

    public ExecutionQueue(ExecutionRepository executions, ExecutionFinalizer finalizer, TransactionTemplate transaction,
                          ReplicationProperties.Queue settings, NodeId node, Consumer<ExecutionLease> launch) {
        this.executions = executions;
        this.finalizer = finalizer;
        this.transaction = transaction;
        this.settings = settings;
        this.node = node;
        this.launch = launch;
    }

    @Override
    public void run(ApplicationArguments args) {
        long period = Math.max(10, settings.pollInterval().toMillis());
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            pump();
        } catch (RuntimeException e) {
            // a database hiccup: the next tick retries; nothing is lost, the rows are the queue
            LOG.warn("execution queue pass on node {} failed: {}", node.value(), e.getMessage());
        }
    }

    /**
     * One pass: end executions stopped before they started, promote idle policies' waiting runs, admit, launch.
     * Synchronized: this node's passes take turns instead of each holding a connection while waiting for the lock.
     */
    public synchronized void pump() {
        for (UUID id : executions.stoppedAwaitingSlots()) {
            finalizer.notStarted(id, null);
        }
        try {
            List<UUID> promoted = executions.promoteWaiting();
            if (!promoted.isEmpty()) {
                LOG.info("queued runs {} start after their policies' previous executions", promoted);
            }
        } catch (DuplicateKeyException e) {
            LOG.debug("a trigger raced the promotion of a waiting run; the next pass promotes it");
        }
        List<ExecutionLease> admitted = transaction.execute(status -> {
            executions.lockQueue();
            List<UUID> chosen = SlotAdmission.admit(executions.holdingSlots(), executions.awaitingSlots(),
                    settings::slotsOf);
            return chosen.stream().flatMap(id -> executions.admit(id, node.value()).stream()).toList();
        });
        for (ExecutionLease lease : admitted) {
            LOG.info("execution {} has its registry slots; node {} launches it (lease epoch {})",
                    lease.executionId(), node.value(), lease.epoch());
            launch.accept(lease);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
