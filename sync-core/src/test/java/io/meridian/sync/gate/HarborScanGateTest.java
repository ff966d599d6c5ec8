package io.meridian.sync.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.resilience.RegistryGuards;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.transfer.GuardedRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scan gate over a Harbor source's scan overview, against {@link HarborContractServer}. */
class HarborScanGateTest {

    private static final ResilienceSettings QUICK = new ResilienceSettings(3, Duration.ofMillis(20),
            Duration.ofMillis(100), 8, Duration.ofMinutes(1), 50f, 4, Duration.ofSeconds(30), 0);
    private static final RepositoryName REPO = RepositoryName.parse("library/team/app");
    private static final OciTransport TRANSPORT = OciTransport.create();

    private static HarborContractServer harbor;
    private static GuardedRegistry source;

    @BeforeAll
    static void start() throws Exception {
        harbor = new HarborContractServer("robot$replicator", "s3cret");
        source = registry("s3cret");
    }

    @AfterAll
    static void stop() {
        harbor.close();
    }

    private static GuardedRegistry registry(String password) {
        RegistryEndpoint endpoint = RegistryEndpoint.insecure(harbor.url(),
                new Credentials.Basic("robot$replicator", password));
        return new GuardedRegistry(1, "harbor", new RegistryClient(TRANSPORT, endpoint),
                new RegistryGuards(QUICK, new SimpleMeterRegistry()).forRegistry("harbor-" + password), null);
    }

    private static ScanGate gate(String maxSeverity, boolean allowMissing, GuardedRegistry at) {
        RegistryEndpoint endpoint = RegistryEndpoint.insecure(harbor.url(),
                new Credentials.Basic("robot$replicator", at == source ? "s3cret" : "wrong"));
        return new ScanGate(Severity.parse(maxSeverity), allowMissing, new HarborScanOverview(TRANSPORT, endpoint));
    }

    private static Descriptor artifact(String name) {
        Digest digest = Digest.sha256Of(name.getBytes(StandardCharsets.UTF_8));
        return new Descriptor(MediaType.OCI_MANIFEST, digest, 1234);
    }

    @Test
    void aCriticalFindingBlocksAndACleanScanPasses() {
        Descriptor bad = artifact("critical");
        Descriptor clean = artifact("clean");
        harbor.artifact(REPO.value(), bad.digest().toString(),
                new HarborContractServer.Scan("Success", "Critical", Map.of("Critical", 1, "High", 3, "Low", 2)));
        harbor.artifact(REPO.value(), clean.digest().toString(),
                new HarborContractServer.Scan("Success", "None", Map.of()));
        ScanGate gate = gate("high", false, source);

        assertThat(gate.blockReason(source, REPO, Reference.tag("1.0"), bad)).hasValue(
                "highest severity critical is above maxSeverity high (critical 1, high 3, medium 0, low 2; Harbor scan overview)");
        assertThat(gate.blockReason(source, REPO, Reference.tag("1.1"), clean)).isEmpty();
        // the repository path travelled encoded twice, as Harbor's swagger asks
        assertThat(harbor.rawPaths).contains("/api/v2.0/projects/library/repositories/team%252Fapp/artifacts/"
                + bad.digest());
        // "critical" lets every scanned artifact through
        assertThat(gate("critical", false, source).blockReason(source, REPO, Reference.tag("1.0"), bad)).isEmpty();
    }

    @Test
    void aScanNotFinishedOrNeverRunIsAMissingReport() {
        Descriptor running = artifact("running");
        Descriptor never = artifact("never");
        harbor.artifact(REPO.value(), running.digest().toString(), new HarborContractServer.Scan("Running", "", Map.of()));
        harbor.artifact(REPO.value(), never.digest().toString(), null);
        ScanGate blocking = gate("medium", false, source);
        ScanGate allowing = gate("medium", true, source);

        assertThat(blocking.blockReason(source, REPO, Reference.tag("2.0"), running))
                .hasValue("no vulnerability report (onMissingReport: block)");
        assertThat(blocking.blockReason(source, REPO, Reference.tag("2.1"), never))
                .hasValue("no vulnerability report (onMissingReport: block)");
        assertThat(allowing.blockReason(source, REPO, Reference.tag("2.0"), running)).isEmpty();
        assertThat(allowing.blockReason(source, REPO, Reference.tag("2.1"), never)).isEmpty();
        // Harbor answered the artifact each time: the missing report is its scan state, not a wrong request
        assertThat(harbor.answered).contains("200 " + REPO.value() + "@" + running.digest(),
                "200 " + REPO.value() + "@" + never.digest());
    }

    @Test
    void aCosignSignatureTagFollowsItsSubjectsDecision() {
        Descriptor bad = artifact("signed-critical");
        harbor.artifact(REPO.value(), bad.digest().toString(),
                new HarborContractServer.Scan("Success", "High", Map.of("High", 1)));
        Descriptor signature = artifact("the signature manifest");
        assertThat(gate("medium", false, source).blockReason(source, REPO,
                Reference.tag("sha256-" + bad.digest().hex() + ".sig"), signature))
                .hasValueSatisfying(r -> assertThat(r).startsWith("follows its subject " + bad.digest().shortForm()
                        + ": highest severity high"));
    }

    @Test
    void wrongCredentialsFailTheDecisionInsteadOfPassingIt() {
        Descriptor any = artifact("critical");
        harbor.artifact(REPO.value(), any.digest().toString(),
                new HarborContractServer.Scan("Success", "Critical", Map.of("Critical", 1)));
        GuardedRegistry wrong = registry("wrong");
        assertThatThrownBy(() -> gate("high", true, wrong).blockReason(wrong, REPO, Reference.tag("1.0"), any))
                .isInstanceOf(PermanentRegistryException.class).hasMessageContaining("401");
    }
}
