package io.meridian.sync.batch;

import io.meridian.sync.p2p.PreheatPlan;
import java.util.UUID;

/**
 * The engines an execution's copies are preheated with (from its policy snapshot's {@code preheat} and the P2P
 * engines of each destination's region, tokens decrypted). sync-core defines it, the server implements it; without
 * one the preheat step does nothing.
 */
@FunctionalInterface
public interface PreheatResolver {

    PreheatResolver NONE = executionId -> PreheatPlan.none();

    PreheatPlan resolve(UUID executionId);
}
