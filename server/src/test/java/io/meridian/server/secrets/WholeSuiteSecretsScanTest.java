package io.meridian.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.db.testing.TestDatabase;
import io.meridian.server.ServerTestBase;
import io.meridian.sync.testing.Canaries;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's "whole suite with canaries": runs <b>last</b> in the server's test JVM ({@code junit-platform.properties}
 * orders classes by {@link Order}; every other class keeps its place) and scans everything the suite left behind for
 * every {@link Canaries canary} — the secrets the tests hand to the server: every log line of the JVM, at every level
 * Meridian logs ({@code logback-test.xml}: {@code io.meridian} at DEBUG into the capture), every response body any
 * test server wrote ({@link ResponseTee}), and a {@code pg_dump} of every test database still present. Zero hits.
 * Run alone it scans a server start and one answer of its own. {@link SecretsScanCatchesALeakTest} shows it can fail.
 */
@Order(Integer.MAX_VALUE)
class WholeSuiteSecretsScanTest extends ServerTestBase {

    @Test
    void noCanaryInAnyLogLineResponseOrDatabaseOfTheSuite() {
        assertThat(get("/api/v1/registries").statusCode()).isEqualTo(200);
        List<String> canaries = Canaries.all();
        CanaryScan.Result result = CanaryScan.capture(SecretsCapture.suite().file(), canaries);
        for (TestDatabase db : TestDatabase.open()) {
            result = result.plus(CanaryScan.database(db, canaries));
        }
        System.out.printf("secrets scan: %d canaries; %d log records, %d response records (%d bytes captured);"
                        + " %d databases dumped (%d bytes); %d hits%n", canaries.size(), result.logRecords(),
                result.responseRecords(), result.bytes(), result.databases(), result.dumpBytes(), result.hits().size());
        assertThat(result.logRecords()).as("log lines were captured").isPositive();
        assertThat(result.responseRecords()).as("response bodies were captured").isPositive();
        assertThat(result.databases()).as("the shared database was dumped").isPositive();
        assertThat(result.hits()).as("canary secrets found").isEmpty();
    }
}
