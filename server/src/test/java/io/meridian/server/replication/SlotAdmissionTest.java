package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.batch.ExecutionRepository.SlotUser;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which awaiting executions start: one slot per registry each, priority first, reserved registries. */
class SlotAdmissionTest {

    private static final UUID RUNNING = new UUID(0, 1);
    private static final UUID HIGH = new UUID(0, 2);
    private static final UUID LOW_SAME = new UUID(0, 3);
    private static final UUID LOW_ELSEWHERE = new UUID(0, 4);
    private static final UUID FREE = new UUID(0, 5);

    @Test
    void admitsByPriorityAndNeverLetsALowerOneTakeASlotAHigherOneWaitsFor() {
        Map<String, Integer> slots = Map.of("hz", 1, "ldn", 2);
        List<SlotUser> holding = List.of(new SlotUser(RUNNING, 0, List.of("hz", "ldn")));
        List<SlotUser> awaiting = List.of(
                new SlotUser(HIGH, 9, List.of("hz", "fra")),          // hz is full: waits, reserves hz
                new SlotUser(LOW_SAME, 1, List.of("fra", "hz")),       // would need hz: waits behind HIGH
                new SlotUser(LOW_ELSEWHERE, 1, List.of("ldn", "fra")), // ldn has a second slot: starts
                new SlotUser(FREE, 0, List.of("fra", "fra")));         // unlimited registry, counted once
        assertThat(SlotAdmission.admit(holding, awaiting, r -> slots.getOrDefault(r, 0)))
                .containsExactly(LOW_ELSEWHERE, FREE);
    }

    @Test
    void theHighestPriorityStartsFirstWhenASlotFrees() {
        Map<String, Integer> slots = Map.of("hz", 1);
        List<SlotUser> awaiting = List.of(new SlotUser(HIGH, 9, List.of("hz")), new SlotUser(LOW_SAME, 1, List.of("hz")));
        assertThat(SlotAdmission.admit(List.of(), awaiting, r -> slots.getOrDefault(r, 0))).containsExactly(HIGH);
        assertThat(SlotAdmission.admit(List.of(new SlotUser(HIGH, 9, List.of("hz"))), awaiting.subList(1, 2),
                r -> slots.getOrDefault(r, 0))).isEmpty();
    }

    @Test
    void withoutLimitsEverythingStarts() {
        List<SlotUser> awaiting = List.of(new SlotUser(HIGH, 9, List.of("hz")), new SlotUser(LOW_SAME, 1, List.of("hz")));
        assertThat(SlotAdmission.admit(List.of(new SlotUser(RUNNING, 0, List.of("hz"))), awaiting, r -> 0))
                .containsExactly(HIGH, LOW_SAME);
    }
}
