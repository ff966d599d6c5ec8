package io.meridian.sync.p2p;

import java.util.List;
import java.util.Map;

/**
 * Which engines preheat what one execution copies: destination registry id → the engines of its region that the
 * policy's {@code preheat.engines} names (in that order). Empty: the policy asks for no preheat.
 */
public record PreheatPlan(Map<Long, List<EngineSpec>> enginesByRegistry) {

    public PreheatPlan {
        enginesByRegistry = Map.copyOf(enginesByRegistry);
    }

    public static PreheatPlan none() {
        return new PreheatPlan(Map.of());
    }

    public List<EngineSpec> engines(long registryId) {
        return enginesByRegistry.getOrDefault(registryId, List.of());
    }

    public boolean isEmpty() {
        return enginesByRegistry.values().stream().allMatch(List::isEmpty);
    }
}
