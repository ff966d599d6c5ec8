package io.meridian.sync.batch;

import io.meridian.sync.transfer.LeaseCheck;
import io.meridian.sync.transfer.LeaseLostException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fencing of the executions this process runs: each runs with the lease epoch its node was given
 * ({@link #hold}), and every state write the engine makes goes through {@link #write}, which checks in the same
 * transaction, under a shared lock on the execution's row, that the row still holds that epoch. A node that lost
 * its lease (paused past the lease timeout while another node took the execution over) writes nothing: the write
 * is dropped, the execution is marked lost here ({@link #lost}, which its {@link StopSignal} reports, so its steps
 * stop), and one line is logged at info — never retried, never failing the execution, which is the other node's now.
 *
 * <p>Registry-side writes cannot be fenced by the database: {@link #tagGate} re-reads the lease (at most
 * {@value #VERIFY_MILLIS} ms old) before each tag is put, so a stale node does not re-point a tag; what is left is
 * the time between that read and the registry applying the PUT (docs/RELIABILITY.md, "Fencing").
 */
public final class ExecutionFence {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionFence.class);
    static final long VERIFY_MILLIS = 250;

    private final ExecutionRepository executions;
    private final TransactionTemplate transaction;
    private final Map<UUID, Long> epochs = new ConcurrentHashMap<>();
    private final Map<UUID, ExecutionRepository.Holder> lost = new ConcurrentHashMap<>();
    private final Map<UUID, Long> verifiedAtNanos = new ConcurrentHashMap<>();
    /**
     * The epochs of the last jobs that ended here: a write that outlives its job (a straggling thread) is checked
     * against the epoch it ran with, never against whatever the row holds by then — another node's takeover fences
     * it. (Once this node resumes the same execution it runs under the new epoch again, and a straggler of the old
     * job would pass: the transfer step therefore ends only after all its partitions and copies have.) Bounded, in
     * insertion order: a straggler ends within seconds of its job, long before {@value #ENDED_REMEMBERED} later
     * jobs have ended.
     */
    private final Map<UUID, Long> ended = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, Long> eldest) {
                    return size() > ENDED_REMEMBERED;
                }
            });
    static final int ENDED_REMEMBERED = 4096;

    public ExecutionFence(ExecutionRepository executions, TransactionTemplate transaction) {
        this.executions = executions;
        this.transaction = transaction;
    }

    /** This process runs the execution under {@code lease} from now on (a launch or a resume). */
    public void hold(ExecutionLease lease) {
        lost.remove(lease.executionId());
        verifiedAtNanos.remove(lease.executionId());
        epochs.put(lease.executionId(), lease.epoch());
    }

    /** The execution's job has ended on this node. */
    void forget(UUID id) {
        Long epoch = epochs.get(id);
        if (epoch != null) {
            ended.put(id, epoch); // before the removal: a straggler between the two finds one or the other
        }
        epochs.remove(id);
        lost.remove(id);
        verifiedAtNanos.remove(id);
    }

    /** True when this process runs the execution's job under a lease it was given. */
    boolean holds(UUID id) {
        return epochs.containsKey(id);
    }

    /** The executions whose jobs run in this process. */
    public Set<UUID> running() {
        return Set.copyOf(epochs.keySet());
    }

    /**
     * The epoch this process runs the execution with; for a job that has ended here, the epoch it ran with. One
     * that was never {@link #hold held} (an embedding or a test that starts the job itself) adopts the epoch its
     * row has now.
     */
    long epoch(UUID id) {
        Long running = epochs.get(id);
        if (running != null) {
            return running;
        }
        Long endedWith = ended.get(id);
        if (endedWith != null) {
            return endedWith;
        }
        return epochs.computeIfAbsent(id, k -> executions.holder(k).map(ExecutionRepository.Holder::epoch)
                .orElse(0L));
    }

    /** True once a write or a check found the execution held by another epoch: this process must stop it. */
    boolean lost(UUID id) {
        return lost.containsKey(id);
    }

    /**
     * Runs {@code writes} in one transaction (joining the caller's, if any) after checking, with the row
     * share-locked until that transaction ends, that the execution still holds this process's epoch.
     *
     * @return false when fenced: nothing was written, the execution is marked lost
     */
    boolean write(UUID id, Runnable writes) {
        if (lost(id)) {
            return false;
        }
        long mine = epoch(id);
        Boolean written = transaction.execute(status -> {
            Optional<ExecutionRepository.Holder> holder = executions.lockHolder(id);
            if (holder.isPresent() && holder.get().epoch() != mine) {
                fenced(id, holder.get());
                return false;
            }
            writes.run();
            return true;
        });
        return Boolean.TRUE.equals(written);
    }

    /** Compares a freshly read holder with this process's epoch; false (and marked lost) when it moved on. */
    boolean observe(UUID id, ExecutionRepository.Holder holder) {
        if (holder.epoch() != epoch(id)) {
            fenced(id, holder);
            return false;
        }
        if (epochs.containsKey(id)) {
            verifiedAtNanos.put(id, System.nanoTime());
        }
        return true;
    }

    /**
     * True when the execution still holds this process's epoch, read from the database unless it was verified
     * less than {@value #VERIFY_MILLIS} ms ago (a monotonic clock: a process paused longer reads again).
     */
    boolean verify(UUID id) {
        if (lost(id)) {
            return false;
        }
        Long at = verifiedAtNanos.get(id);
        if (at != null && System.nanoTime() - at < VERIFY_MILLIS * 1_000_000) {
            return true;
        }
        return executions.holder(id).map(h -> observe(id, h)).orElse(true);
    }

    /** Checked before each tag PUT of the execution: {@link LeaseLostException} once the lease is lost. */
    LeaseCheck tagGate(UUID id) {
        return what -> {
            if (!verify(id)) {
                ExecutionRepository.Holder holder = lost.get(id);
                throw new LeaseLostException("execution " + id + " is now held by node "
                        + (holder == null ? "?" : holder.node()) + "; " + what + " not put");
            }
        };
    }

    private void fenced(UUID id, ExecutionRepository.Holder holder) {
        Long mine = epochs.get(id);
        if (mine == null) {
            // a write that outlived its job here: nothing to stop any more, nothing to remember
            LOG.info("fenced: execution {} now held by node {} epoch {}; a write of this node's ended job (epoch {})"
                    + " dropped", id, holder.node(), holder.epoch(), ended.get(id));
        } else if (lost.putIfAbsent(id, holder) == null) {
            LOG.info("fenced: execution {} now held by node {} epoch {} (this node ran it with epoch {}); "
                    + "it stops here without writing", id, holder.node(), holder.epoch(), mine);
        }
    }
}
