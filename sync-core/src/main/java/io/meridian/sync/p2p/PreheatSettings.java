package io.meridian.sync.p2p;

import java.time.Duration;
import java.util.Objects;

/**
 * How preheats are followed.
 *
 * @param pollInitial        first wait before asking a job's state again (doubles up to {@code pollMax})
 * @param timeout            overall time one platform's job may take, from creation to verification
 * @param requestTimeout     one HTTP call to the engine
 * @param jobCreationsPerSecond Dragonfly's manager refuses more than 10 job creations per second and cluster by
 *                           default (manager/config/constants.go {@code DefaultClusterJobRateLimit}); we stay under it
 * @param createAttempts     attempts of one job creation on 429/5xx/I-O
 */
public record PreheatSettings(Duration pollInitial, Duration pollMax, Duration timeout, Duration requestTimeout,
                              int jobCreationsPerSecond, int createAttempts) {

    public PreheatSettings {
        Objects.requireNonNull(pollInitial, "pollInitial");
        Objects.requireNonNull(pollMax, "pollMax");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (jobCreationsPerSecond < 1 || createAttempts < 1) {
            throw new IllegalArgumentException("jobCreationsPerSecond and createAttempts must be >= 1");
        }
    }

    public static PreheatSettings defaults() {
        return new PreheatSettings(Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofMinutes(30),
                Duration.ofSeconds(30), 10, 4);
    }

    public PreheatSettings withPolling(Duration initial, Duration max, Duration overall) {
        return new PreheatSettings(initial, max, overall, requestTimeout, jobCreationsPerSecond, createAttempts);
    }

    public PreheatSettings withJobCreationsPerSecond(int n) {
        return new PreheatSettings(pollInitial, pollMax, timeout, requestTimeout, n, createAttempts);
    }
}
