package io.meridian.sync.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistributionEstimateTest {

    @Test
    void theDesignBriefsExample() {
        // 800 nodes pulling 0.5 GB from one 10 Gbps origin: 0.5e9 × 8 × 800 / 1e10 = 320 s ≈ 5.3 min
        DistributionEstimate e = new DistributionEstimate(500_000_000L, 800, 1, 10e9, 10e9);
        assertThat(e.originOnlySeconds()).isCloseTo(320.0, within(1e-9));
        // one copy from the origin (0.4 s) + log2(800) = 9.64 peer rounds of 0.4 s
        assertThat(e.p2pSeconds()).isCloseTo(0.4 + 0.4 * Math.log(800) / Math.log(2), within(1e-9));
        assertThat(e.savedPercent()).isGreaterThan(80);
    }

    @Test
    void withOneSeedAndPeersAsFastAsTheOriginP2pIsNeverSlowerFromTwoNodesOn() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            long bytes = 1 + (long) (random.nextDouble() * 10e9);
            int nodes = 2 + random.nextInt(100_000);
            double origin = 1e6 + random.nextDouble() * 100e9;
            double peer = origin * (1 + random.nextDouble() * 10);
            DistributionEstimate e = new DistributionEstimate(bytes, nodes, 1, origin, peer);
            assertThat(e.p2pSeconds()).as("seed %d: %s", seed, e).isLessThanOrEqualTo(e.originOnlySeconds() * (1 + 1e-12));
            assertThat(e.originOnlySeconds()).as("seed %d: linear in nodes", seed)
                    .isCloseTo(new DistributionEstimate(bytes, 1, 1, origin, peer).originOnlySeconds() * nodes,
                            within(e.originOnlySeconds() * 1e-9));
        }
    }

    @Test
    void refusesMeaninglessInput() {
        assertThatThrownBy(() -> new DistributionEstimate(1, 0, 1, 1, 1)).hasMessageContaining("nodes >= 1");
        assertThatThrownBy(() -> new DistributionEstimate(1, 1, 1, 0, 1)).hasMessageContaining("positive");
    }
}
