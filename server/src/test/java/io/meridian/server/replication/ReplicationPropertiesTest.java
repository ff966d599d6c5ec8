package io.meridian.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.batch.ReplicationJobSettings;
import io.meridian.sync.resilience.ResilienceSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** meridian.replication.* binds into nested immutable records through Spring's real binder. */
class ReplicationPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ReplicationProperties.class, ClusterProperties.class})
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void defaultsAreTheEngineDefaults() {
        runner.run(ctx -> {
            ReplicationProperties p = ctx.getBean(ReplicationProperties.class);
            assertThat(p.resilience().settings()).isEqualTo(ResilienceSettings.DEFAULTS);
            assertThat(p.job()).isEqualTo(ReplicationJobSettings.DEFAULTS);
            assertThat(p.pools()).isEqualTo(new ReplicationProperties.Pools(32, 64, 64, 8, 4, Duration.ofSeconds(10)));
            assertThat(p.bytesPerSecondFor("any")).isZero();
            assertThat(p.resumeOnStart()).isTrue();
            assertThat(ctx.getBean(ClusterProperties.class).leaseTimeout()).isEqualTo(Duration.ofSeconds(60));
        });
    }

    @Test
    void bindsNestedGroups() {
        runner.withPropertyValues(
                "meridian.replication.resilience.max-attempts=2",
                "meridian.replication.resilience.bulkhead.max-concurrent-calls=7",
                "meridian.replication.resilience.bulkhead.max-wait=5s",
                "meridian.replication.resilience.circuit-breaker.open-wait=1m",
                "meridian.replication.resilience.rate-limit.requests-per-second=12.5",
                "meridian.replication.pools.blob-concurrency=9",
                "meridian.replication.pools.partition-concurrency=3",
                "meridian.replication.bandwidth.bytes-per-second-per-policy=1000",
                "meridian.replication.bandwidth.bytes-per-second-by-policy.slow=10",
                "meridian.replication.artifacts-per-wave=5").run(ctx -> {
                    ReplicationProperties p = ctx.getBean(ReplicationProperties.class);
                    ResilienceSettings r = p.resilience().settings();
                    assertThat(r.maxAttempts()).isEqualTo(2);
                    assertThat(r.maxConcurrentCalls()).isEqualTo(7);
                    assertThat(r.maxBulkheadWait()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(r.openStateWait()).isEqualTo(Duration.ofMinutes(1));
                    assertThat(r.requestsPerSecond()).isEqualTo(12.5);
                    assertThat(r.initialBackoff()).as("untouched sibling keeps its default").isEqualTo(Duration.ofMillis(200));
                    assertThat(p.pools().blobConcurrency()).isEqualTo(9);
                    assertThat(p.job()).isEqualTo(new ReplicationJobSettings(5, 3));
                    assertThat(p.bytesPerSecondFor("slow")).isEqualTo(10);
                    assertThat(p.bytesPerSecondFor("other")).isEqualTo(1000);
                    assertThat(p.bandwidth().bytesPerSecondByPolicy()).isUnmodifiable();
                });
    }

    @Test
    void bindsEnvironmentVariables() {
        runner.withInitializer(ctx -> ctx.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("systemEnvironment", Map.of(
                        "MERIDIAN_REPLICATION_POOLS_ARTIFACTCONCURRENCY", "11",
                        "MERIDIAN_REPLICATION_RESILIENCE_CIRCUITBREAKER_MINIMUMCALLS", "3",
                        "MERIDIAN_CLUSTER_NODEID", "node-a"))))
                .run(ctx -> {
                    ReplicationProperties p = ctx.getBean(ReplicationProperties.class);
                    assertThat(p.pools().artifactConcurrency()).isEqualTo(11);
                    assertThat(p.resilience().circuitBreaker().minimumCalls()).isEqualTo(3);
                    assertThat(ctx.getBean(ClusterProperties.class).nodeId()).isEqualTo("node-a");
                });
    }

    @Test
    void refusesAnOldFlatNameInsteadOfIgnoringIt() {
        runner.withPropertyValues("meridian.replication.max-attempts=3").run(ctx ->
                assertThat(ctx).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("meridian.replication.max-attempts"));
    }

    @Test
    void refusesOutOfRangeValuesNamingTheProperty() {
        runner.withPropertyValues("meridian.replication.pools.plan-concurrency=0").run(ctx ->
                assertThat(ctx).hasFailed().getFailure().hasStackTraceContaining("pools.planConcurrency"));
        runner.withPropertyValues("meridian.replication.resilience.circuit-breaker.failure-rate-threshold=101")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .hasStackTraceContaining("resilience.circuitBreaker.failureRateThreshold"));
        runner.withPropertyValues("meridian.replication.bandwidth.bytes-per-second-by-policy.p=-1").run(ctx ->
                assertThat(ctx).hasFailed());
    }
}
