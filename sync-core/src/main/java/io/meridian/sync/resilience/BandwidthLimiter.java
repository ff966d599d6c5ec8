package io.meridian.sync.resilience;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;

/**
 * A bytes/second cap (per policy) built on a Resilience4j rate limiter whose permits are
 * bytes, refilled ten times a second so a stream is smoothed rather than bursty.
 */
public final class BandwidthLimiter {

    private static final int SLICES_PER_SECOND = 10;

    private final RateLimiter limiter;
    private final int permitsPerSlice;

    private BandwidthLimiter(String name, long bytesPerSecond) {
        this.permitsPerSlice = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytesPerSecond / SLICES_PER_SECOND));
        this.limiter = RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(permitsPerSlice)
                .limitRefreshPeriod(Duration.ofMillis(1000 / SLICES_PER_SECOND))
                .timeoutDuration(Duration.ofMinutes(5))
                .build());
    }

    /** A limiter, or {@code null} when {@code bytesPerSecond <= 0} (no cap). */
    public static BandwidthLimiter of(String name, long bytesPerSecond) {
        return bytesPerSecond <= 0 ? null : new BandwidthLimiter(name, bytesPerSecond);
    }

    /** Wraps {@code in} so that reads wait for byte permits; {@code limiter} may be null. */
    public static InputStream throttle(InputStream in, BandwidthLimiter limiter) {
        return limiter == null ? in : limiter.new Throttled(in);
    }

    private final class Throttled extends FilterInputStream {
        Throttled(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            acquire(1);
            return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int allowed = Math.min(len, permitsPerSlice);
            acquire(allowed);
            return super.read(b, off, allowed);
        }

        /** Waits for byte permits; an interrupt while waiting is an interrupt (flag kept), not a timeout. */
        private void acquire(int bytes) throws IOException {
            boolean granted = limiter.acquirePermission(bytes);
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while waiting for bandwidth");
            }
            if (!granted) {
                throw new IOException("bandwidth limiter timed out waiting for " + bytes + " bytes");
            }
        }
    }
}
