package io.meridian.sync.batch;

import org.junit.jupiter.api.Test;

/**
 * {@link FaultRun}, bounded for the test command: 48 artifacts in 6 repositories to two destinations under ~8 %
 * random faults on both sides, a new seed each run (printed, and in every failure message; replay it with
 * {@code -Dmeridian.faults.seed=S}). The full size is {@link RandomFaultsSoak}.
 */
class RandomFaultsTest {

    @Test
    void twoDestinationsSucceedInOneRunUnderRandomFaultsOnBothSides() throws Exception {
        FaultRun.replicateUnderFaults(2, 3, 14);
    }
}
