package io.meridian.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.testing.HandedSecrets;
import io.meridian.server.testing.HandedSecrets.Secret;
import io.meridian.server.testing.KeptLogs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's scan for the failsafe ITs, whose packaged servers are other processes: runs <b>last</b> among the ITs
 * (failsafe reads the same {@code junit-platform.properties} as surefire: classes ordered by {@link Order}) and reads
 * every line of every file in {@code target/it-logs} (each launcher keeps its server's stdout and stderr there,
 * {@link KeptLogs}), every file in {@code target/failsafe-reports} (the ITs' own output, a browser run's dump
 * stream) and this JVM's log capture ({@link SecretsCapture}: the ITs' registry clients) for every secret the ITs
 * handed their servers ({@link HandedSecrets}: the canaries, the key's bytes as hex, each launcher's secret
 * variables). Zero hits. {@link LogFileScanTest} shows the scan finds a leak.
 */
@Order(Integer.MAX_VALUE)
class PackagedServersSecretsScanIT {

    private static final int LISTED = 50;

    @Test
    void noHandedSecretInAnyPackagedServerLogOrItOutput() {
        List<Secret> secrets = HandedSecrets.all();
        List<Path> files = new ArrayList<>(LogFileScan.filesUnder(KeptLogs.directory()));
        files.addAll(LogFileScan.filesUnder(Path.of("target", "failsafe-reports").toAbsolutePath()));
        files.add(SecretsCapture.suite().file().toAbsolutePath());
        LogFileScan.Result result = LogFileScan.scan(files, secrets);
        long serverLogs = result.files().stream().filter(f -> f.startsWith(KeptLogs.directory())).count();
        System.out.printf("packaged-server secrets scan: %d secrets; %d files (%d server logs, %d kept by this run),"
                        + " %d lines, %d bytes; %d hits%n", secrets.size(), result.files().size(), serverLogs,
                KeptLogs.keptByThisJvm().size(), result.lines(), result.bytes(), result.hits().size());
        assertThat(serverLogs).as("packaged-server logs in " + KeptLogs.directory() + " (run the ITs first)")
                .isPositive();
        assertThat(result.lines()).as("lines read").isPositive();
        assertThat(result.files()).as("every log kept by an IT of this run was read")
                .containsAll(KeptLogs.keptByThisJvm());
        assertThat(result.hits()).as("%d lines holding a handed secret (file:line, the secret by name):%n%s",
                result.hits().size(), result.hits().stream().limit(LISTED).map(Object::toString)
                        .collect(Collectors.joining("\n"))).isEmpty();
    }
}
