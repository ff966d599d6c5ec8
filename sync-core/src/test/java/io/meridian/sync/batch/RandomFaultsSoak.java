package io.meridian.sync.batch;

import org.junit.jupiter.api.Test;

/**
 * {@link FaultRun} at full size: ≈ 230 artifacts in 20 repositories to one and to three destinations, a few
 * minutes. A soak with its own command, not part of the test command (its name does not end in {@code Test}):
 * {@code mvn -B -pl sync-core -am test -Dtest=RandomFaultsSoak -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code -Dmeridian.faults.scale=N} multiplies the artifacts and {@code -Dmeridian.faults.seed=S} replays a seed.
 */
class RandomFaultsSoak {

    private static final int SCALE = Integer.getInteger("meridian.faults.scale", 1);

    @Test
    void oneDestinationSucceedsInOneRunUnderRandomFaultsOnBothSides() throws Exception {
        FaultRun.replicateUnderFaults(1, 10 * SCALE, 18);
    }

    @Test
    void threeDestinationsSucceedInOneRunUnderRandomFaultsOnBothSides() throws Exception {
        FaultRun.replicateUnderFaults(3, 10 * SCALE, 18);
    }
}
