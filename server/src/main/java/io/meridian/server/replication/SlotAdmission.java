package io.meridian.server.replication;

import io.meridian.sync.batch.ExecutionRepository.SlotUser;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * Which awaiting executions may start now. "Queueing for the same registry" in Meridian: every
 * registry has a number of execution slots ({@code meridian.replication.queue.*}, 0 = unlimited);
 * an execution needs one slot on each registry it reads or writes and holds them until it ends.
 * Candidates come highest priority first (then oldest): each is admitted when all its registries
 * have a free slot; one that cannot start <em>reserves</em> its registries for the rest of the
 * pass, so a lower-priority execution never takes the slot a higher one is waiting for (it may
 * still start on registries nobody higher is waiting for). Plain and deterministic, so it is
 * tested without a database; {@link ExecutionQueue} applies it under the queue lock.
 */
final class SlotAdmission {

    private SlotAdmission() {
    }

    /**
     * @param holding   executions that hold slots now
     * @param awaiting  executions awaiting slots, highest priority first, then oldest
     * @param slotsOf   slots of a registry; 0 or less: no limit
     * @return the executions to admit, in admission order
     */
    static List<UUID> admit(List<SlotUser> holding, List<SlotUser> awaiting, ToIntFunction<String> slotsOf) {
        Map<String, Integer> used = new HashMap<>();
        holding.forEach(h -> distinct(h).forEach(r -> used.merge(r, 1, Integer::sum)));
        Set<String> reserved = new HashSet<>();
        List<UUID> admitted = new ArrayList<>();
        for (SlotUser candidate : awaiting) {
            Set<String> registries = distinct(candidate);
            boolean free = registries.stream().allMatch(r -> !reserved.contains(r)
                    && (slotsOf.applyAsInt(r) <= 0 || used.getOrDefault(r, 0) < slotsOf.applyAsInt(r)));
            if (free) {
                registries.forEach(r -> used.merge(r, 1, Integer::sum));
                admitted.add(candidate.id());
            } else {
                registries.stream().filter(r -> slotsOf.applyAsInt(r) > 0).forEach(reserved::add);
            }
        }
        return admitted;
    }

    /** A registry that is both source and destination takes one slot. */
    private static Set<String> distinct(SlotUser user) {
        return new LinkedHashSet<>(user.registries());
    }
}
