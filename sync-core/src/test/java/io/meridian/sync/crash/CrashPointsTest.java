package io.meridian.sync.crash;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Without {@code -Dmeridian.test.crash-points} (production, and every test but the crash test) a point is inert. */
class CrashPointsTest {

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // an armed point would freeze for ever
    void pointsAreInertWithoutTheSystemProperty() {
        assertThat(System.getProperty("meridian.test.crash-points")).isNull();
        assertThat(CrashPoints.enabled()).isFalse();
        for (int i = 0; i < 1_000_000; i++) {
            CrashPoints.reach("blob.committed", i);
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
