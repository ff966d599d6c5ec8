package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.TestImages;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * PostgresRestartIT's find, in one process on real registries and PostgreSQL: the database went away just as a
 * blob's upload was being recorded (the record an upload leaves at once, {@code BlobLocations.uploaded}), and that
 * artifact's task was recorded FAILED once the database was back — a sound artifact, an execution ended PARTIAL.
 * A database outage is nobody's task failure: the job ends on it with the execution still active and the task still
 * PENDING — and only once the chunk's other copies have ended, none left running past the job — and the resumed job
 * copies it; the execution ends SUCCEEDED.
 */
class DatabaseOutageDuringCopyTest {

    /** What Spring's JDBC support throws when Hikari cannot hand out a connection (PostgreSQL unreachable). */
    private static final RuntimeException POOL_TIMED_OUT = new CannotGetJdbcConnectionException(
            "Failed to obtain JDBC Connection", new SQLTransientConnectionException(
                    "meridian - Connection is not available, request timed out after 5000ms"));

    @Test
    void aLostDatabaseDuringACopyLeavesTheTaskPendingAndTheResumedJobCopiesIt() throws Exception {
        try (EngineFixture fixture = new EngineFixture(EngineFixture.QUICK);
             LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous()) {
            try (RegistryClient push = new RegistryClient(fixture.transport, src.endpoint())) {
                TestImages images = new TestImages(20261203L);
                for (String tag : List.of("v1", "v2", "v3")) {
                    TestImages.push(push, RepositoryName.parse("team/app"), tag, images.ociImage(2, 30_000));
                }
            }
            fixture.registry("src", src.endpoint());
            fixture.registry("dst", dst.endpoint());
            var spec = EngineFixture.spec("outage", "src", List.of(new DestinationSpec("dst", Optional.empty())),
                    false);

            fixture.uploadRecords.failNext(POOL_TIMED_OUT);
            EngineFixture.Run first = fixture.run(spec);

            assertThat(first.job().getStatus()).isEqualTo(BatchStatus.FAILED);
            assertThat(first.job().getAllFailureExceptions()).anyMatch(DatabaseOutage::isCause);
            assertThat(first.status()).as("the execution stays active, to be resumed").isEqualTo("RUNNING");
            assertThat(first.tasksIn("FAILED")).as("no task failed for the database's sake").isZero();
            assertThat(first.tasksIn("PENDING")).as("the interrupted artifact is still to do").isPositive();
            assertThat(fixture.artifactCopiesRunning()).as("copies of the chunk still running after its job ended")
                    .isZero();

            EngineFixture.Run resumed = fixture.resume(first);

            assertThat(resumed.job().getStatus()).isEqualTo(BatchStatus.COMPLETED);
            assertThat(resumed.status()).isEqualTo("SUCCEEDED");
            assertThat(resumed.tasksIn("COPIED")).isEqualTo(3);
            DestinationAudit audit = new DestinationAudit(new RegistryClient(fixture.transport, dst.endpoint()));
            try (RegistryClient atSrc = new RegistryClient(fixture.transport, src.endpoint())) {
                audit.deepVerify(atSrc, List.of(RepositoryName.parse("team/app")));
            }
            assertThat(audit.violations()).isEmpty();
        }
    }
}
