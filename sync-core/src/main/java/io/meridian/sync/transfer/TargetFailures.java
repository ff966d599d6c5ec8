package io.meridian.sync.transfer;

import io.meridian.sync.oci.TransferInterruptedException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** The copier's bookkeeping of failed targets: first failure wins, interrupts are never recorded but propagate. */
final class TargetFailures {

    private TargetFailures() {
    }

    /** Waits for every blob transfer (interruptibly); on interrupt, cancels the rest and propagates. */
    static void awaitAll(List<Future<Map<CopyTarget, Throwable>>> moves, List<CopyTarget> needing,
                         Map<CopyTarget, Throwable> failures) {
        try {
            for (Future<Map<CopyTarget, Throwable>> move : moves) {
                try {
                    move.get().forEach(failures::putIfAbsent);
                } catch (ExecutionException e) {
                    failAll(needing, e.getCause(), failures);
                }
            }
        } catch (InterruptedException e) {
            moves.forEach(m -> m.cancel(true));
            throw TransferInterruptedException.interrupted("waiting for blob transfers", e);
        } catch (TransferInterruptedException e) {
            moves.forEach(m -> m.cancel(true));
            throw e;
        }
    }

    /** Records {@code e} as the target's failure, unless it is an interrupt: that propagates. */
    static void fail(CopyTarget target, Throwable e, Map<CopyTarget, Throwable> failures) {
        if (e instanceof TransferInterruptedException interrupted) {
            throw interrupted;
        }
        failures.putIfAbsent(target, e);
    }

    static void failAll(List<CopyTarget> targets, Throwable e, Map<CopyTarget, Throwable> failures) {
        targets.forEach(t -> fail(t, e, failures));
    }

    static List<CopyTarget> alive(List<CopyTarget> targets, Map<CopyTarget, Throwable> failures) {
        return targets.stream().filter(t -> !failures.containsKey(t)).toList();
    }
}
