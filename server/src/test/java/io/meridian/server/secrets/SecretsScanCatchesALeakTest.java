package io.meridian.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.meridian.db.testing.TestDatabase;
import io.meridian.server.ServerTestBase;
import io.meridian.sync.testing.Canaries;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole-suite scan can fail: a sub-run (a JUnit launcher inside this test, on the same server) whose test logs
 * the admin token and gets a registry password echoed in an API answer, and a database holding a canary, are each
 * reported by {@link CanaryScan} — while the suite's own capture never sees the deliberate leak (its records carry
 * a marker that keeps them in the sub-run's nested capture).
 */
class SecretsScanCatchesALeakTest extends ServerTestBase {

    private static volatile String marker;

    @Test
    void aCanaryLoggedAnsweredOrStoredInASubRunFailsTheScan() throws Exception {
        marker = "deliberate-leak-" + UUID.randomUUID();
        TestSummary summary;
        CanaryScan.Result result;
        try (TestDatabase leaky = TestDatabase.create()) {
            try (SecretsCapture capture = SecretsCapture.begin(marker)) {
                summary = new TestSummary(subRun());
                result = CanaryScan.capture(capture.file(), Canaries.all());
            } finally {
                marker = null;
            }
            new JdbcTemplate(leaky.dataSource()).execute("CREATE TABLE leak AS SELECT '"
                    + Canaries.S3_SECRET_ACCESS_KEY + "'::text AS v");
            result = result.plus(CanaryScan.database(leaky, Canaries.all()));
        }
        assertThat(summary.succeeded()).as(summary.toString()).isEqualTo(1);
        assertThat(result.hits()).as("the scan fails, naming each leak")
                .anyMatch(h -> h.startsWith("log line contains ADMIN_TOKEN"))
                .anyMatch(h -> h.startsWith("API response POST /api/v1/test-probe/validated 200 contains"
                        + " REGISTRY_PASSWORD"))
                .anyMatch(h -> h.startsWith("pg_dump of ") && h.contains("contains S3_SECRET_ACCESS_KEY"))
                .noneMatch(h -> h.contains(Canaries.ADMIN_TOKEN) || h.contains(Canaries.REGISTRY_PASSWORD));
        assertThat(SecretsCapture.suite().records()).as("the suite's capture is written").isPositive();
        boolean reachedTheSuite = Files.readString(SecretsCapture.suite().file(), StandardCharsets.ISO_8859_1)
                .contains("deliberate-leak-");
        assertThat(reachedTheSuite).as("the deliberate leak reached the suite's capture").isFalse();
    }

    private static TestExecutionSummary subRun() {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(LeakyRun.class)).build(), listener);
        return listener.getSummary();
    }

    private record TestSummary(long succeeded, long failed, String failures) {
        TestSummary(TestExecutionSummary s) {
            this(s.getTestsSucceededCount(), s.getTestsFailedCount(), s.getFailures().stream()
                    .map(f -> f.getException().toString()).toList().toString());
        }
    }

    /**
     * The sub-run's test. Surefire never runs a nested class ({@code **}{@code /*$*} is excluded), and outside the
     * sub-run ({@code marker} unset) it leaks nothing.
     */
    static class LeakyRun extends ServerTestBase {

        @Test
        void leaksTheAdminTokenAndARegistryPassword() {
            String leak = marker;
            if (leak == null) {
                return;
            }
            LoggerFactory.getLogger(LeakyRun.class).warn("{}: the admin token is {}", leak, Canaries.ADMIN_TOKEN);
            HttpResponse<String> echoed = postJson("/api/v1/test-probe/validated", "{\"name\":\"" + leak + " "
                    + Canaries.REGISTRY_PASSWORD + "\",\"count\":1,\"items\":[]}");
            assertThat(echoed.statusCode()).as(echoed.body()).isEqualTo(200);
            assertThat(List.of(echoed.body())).allMatch(b -> b.contains(Canaries.REGISTRY_PASSWORD));
        }
    }
}
