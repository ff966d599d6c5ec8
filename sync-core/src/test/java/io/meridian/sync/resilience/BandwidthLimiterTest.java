package io.meridian.sync.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-policy bytes/second cap. */
class BandwidthLimiterTest {

    @Test
    void capsTheRateWithoutChangingTheBytes() throws IOException {
        long seed = 5;
        byte[] data = new byte[1024 * 1024];
        new Random(seed).nextBytes(data);
        long bytesPerSecond = 2L * 1024 * 1024;
        InputStream throttled = BandwidthLimiter.throttle(new ByteArrayInputStream(data),
                BandwidthLimiter.of("test", bytesPerSecond));

        long started = System.nanoTime();
        byte[] read = throttled.readAllBytes();
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(Arrays.equals(read, data)).as("seed " + seed).isTrue();
        // 1 MiB at 2 MiB/s, less the first tenth-second's burst: at least ~0.4 s (never faster)
        assertThat(seconds).as("seconds to read 1 MiB at 2 MiB/s").isGreaterThan(0.3);
    }

    @Test
    void noCapMeansTheStreamItself() {
        InputStream in = new ByteArrayInputStream(new byte[1]);
        assertThat(BandwidthLimiter.of("off", 0)).isNull();
        assertThat(BandwidthLimiter.throttle(in, null)).isSameAs(in);
    }
}
