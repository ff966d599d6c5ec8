package io.meridian.sync.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.core.functions.Either;
import io.meridian.sync.oci.OciErrorCode;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.RetryableRegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retry, backoff and circuit breaking around registry calls. */
class RegistryGuardsTest {

    private static final ResilienceSettings FAST = new ResilienceSettings(3, Duration.ofMillis(10),
            Duration.ofMillis(80), 4, Duration.ofSeconds(5), 50f, 4, Duration.ofMinutes(1), 0);

    @Test
    void backoffDoublesUpToTheCapAndHonoursRetryAfterWithinIt() {
        var backoff = RegistryGuards.<Object>backoff(FAST);
        assertThat(backoff.apply(1, null)).isEqualTo(10L);
        assertThat(backoff.apply(2, null)).isEqualTo(20L);
        assertThat(backoff.apply(3, null)).isEqualTo(40L);
        assertThat(backoff.apply(10, null)).isEqualTo(80L);
        RetryableRegistryException tooMany = new RetryableRegistryException("429", 429, OciErrorCode.TOOMANYREQUESTS,
                Duration.ofMillis(60), null);
        assertThat(backoff.apply(1, Either.left(tooMany))).isEqualTo(60L);
        RetryableRegistryException wantsAnHour = new RetryableRegistryException("429", 429,
                OciErrorCode.TOOMANYREQUESTS, Duration.ofHours(1), null);
        assertThat(backoff.apply(1, Either.left(wantsAnHour))).isEqualTo(80L);
    }

    @Test
    void retriesOnlyRetryableErrors() {
        RegistryGuard guard = new RegistryGuards(FAST, new SimpleMeterRegistry()).forRegistry("retries");
        AtomicInteger permanentCalls = new AtomicInteger();
        assertThatThrownBy(() -> guard.run(() -> {
            permanentCalls.incrementAndGet();
            throw new PermanentRegistryException("manifest unknown", 404, OciErrorCode.MANIFEST_UNKNOWN, null);
        })).isInstanceOf(PermanentRegistryException.class);
        assertThat(permanentCalls).hasValue(1);

        AtomicInteger flaky = new AtomicInteger();
        String result = guard.call(() -> {
            if (flaky.incrementAndGet() < 3) {
                throw new RetryableRegistryException("503", 503, null, null, null);
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(flaky).hasValue(3);
    }

    @Test
    void anInterruptIsNeitherRetriedNorCountedByTheBreakerAndKeepsTheFlag() throws Exception {
        RegistryGuard guard = new RegistryGuards(FAST, new SimpleMeterRegistry()).forRegistry("interrupts");
        AtomicInteger calls = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean flag = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                guard.run(() -> {
                    calls.incrementAndGet();
                    // what the OCI client does when the thread is interrupted mid-request
                    throw TransferInterruptedException.interrupted("get blob", new InterruptedException());
                });
            } catch (RuntimeException e) {
                thrown.set(e);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        t.join(5000);

        assertThat(thrown.get()).isInstanceOf(TransferInterruptedException.class);
        assertThat(calls).hasValue(1);
        assertThat(flag).isTrue();
        assertThat(guard.circuitMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(guard.circuitMetrics().getNumberOfSuccessfulCalls()).as("ignored, not a success either").isZero();
    }

    @Test
    void openCircuitFailsFastWithoutCallingTheRegistry() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RegistryGuard guard = new RegistryGuards(FAST, meters).forRegistry("dead");
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            try {
                guard.run(() -> {
                    calls.incrementAndGet();
                    throw new RetryableRegistryException("connection refused", new java.net.ConnectException());
                });
            } catch (RetryableRegistryException | CallNotPermittedException expected) {
                // the circuit opens somewhere in here
            }
        }
        int before = calls.get();
        assertThatThrownBy(() -> guard.run(calls::incrementAndGet)).isInstanceOf(CallNotPermittedException.class);
        assertThat(calls.get()).isEqualTo(before);
        assertThat(meters.find("meridian.registry.retries").tag("registry", "dead").tag("reason", "io").counter())
                .isNotNull();
    }
}
