package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.testing.LocalRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.StepExecution;

/**
 * A job whose last metadata update was lost with the database ends UNKNOWN, and Spring Batch refuses to restart it
 * ("Cannot restart job from UNKNOWN status"); the launcher's resume marks it FAILED and restarts it.
 *
 * <p>The UNKNOWN state is produced for real, not written into the BATCH_* tables: the database goes away (every
 * connection request of the engine and its job repository is refused, as HikariCP refuses one when PostgreSQL does
 * not answer) while the last transfer partition ends, after it copied and recorded everything, and comes back while
 * the partitioned transfer step ends. Spring Batch 6.0.4's {@code AbstractStep.execute} saves a step execution and
 * its context twice as the step ends, before its {@code afterStep} listeners (spring-batch#4362) and after them; a
 * failed save logs "Encountered an error saving batch meta data … This job is now in an unknown state and should not
 * be restarted" and sets the step UNKNOWN in memory. So: the last partition's first save is in (its row COMPLETED),
 * the database goes away during its listeners, its second save fails (UNKNOWN in memory); the
 * {@code PartitionStep} takes the highest status of its partitions (UNKNOWN) and fails; its first save fails too, the
 * database comes back during its listeners, its second save writes the transfer step UNKNOWN; the {@code SimpleJob}
 * takes its last step's status and saves the job execution UNKNOWN. The execution row stays RUNNING (the job failed
 * because the database went away), and the node resumes it as {@code ExecutionRecovery} resumes such an orphan: a
 * new lease epoch ({@code reclaim}), then {@link ReplicationLauncher#resume}.
 */
class UnknownJobResumeTest {

    private static final long SEED = 20261203L;
    private static final int TAGS_PER_REPOSITORY = 3;
    private static final List<RepositoryName> REPOSITORIES = List.of(RepositoryName.parse("team/app"),
            RepositoryName.parse("team/web"));
    private static final Set<String> ACTIVE = Set.of("QUEUED", "RUNNING", "STOPPING");

    private EngineFixture fixture;
    private LocalRegistry src;
    private LocalRegistry dst;
    private CountingProxy toDestination;
    private RegistryClient source;
    private JobRepository batch;

    @BeforeEach
    void registries() throws Exception {
        // partitions one after the other, so the database goes away as the last one ends, not in the middle of one
        fixture = new EngineFixture(EngineFixture.QUICK, new ReplicationJobSettings(2, 1));
        src = LocalRegistry.anonymous();
        dst = LocalRegistry.anonymous();
        toDestination = new CountingProxy(dst.port());
        fixture.registry("unknown-src", src.endpoint());
        fixture.registry("unknown-dst", RegistryEndpoint.insecure(toDestination.url(), Credentials.anonymous()));
        source = new RegistryClient(fixture.transport, src.endpoint());
        SampleImages images = new SampleImages(source, SEED);
        for (RepositoryName repo : REPOSITORIES) {
            Descriptor base = images.layer(repo, 16 * 1024);
            for (int i = 0; i < TAGS_PER_REPOSITORY; i++) {
                images.image(repo, "v" + i, List.of(base, images.layer(repo, 4096)));
            }
        }
        batch = fixture.bean(JobRepository.class);
    }

    @AfterEach
    void close() throws Exception {
        toDestination.close();
        dst.close();
        src.close();
        fixture.close();
    }

    @Test
    void resumesAJobLeftUnknownByALostMetadataUpdateWithoutCopyingTwice() throws Exception {
        EngineFixture.Run run = runUntilTheDatabaseGoesAway();

        resumeAndVerify(run);
    }

    /**
     * The process dies after the transfer step saved UNKNOWN and before the job saved its status: the job execution's
     * row is still as the job's start saved it (STARTED, exit code UNKNOWN, no end time). A kill cannot be made at that
     * line inside this JVM, so after the run (which saved it UNKNOWN) the row is put back to that state by hand.
     * The resume recovers the job execution FAILED ({@code JobOperator.recover} fails only its running steps), and
     * Spring Batch then refuses the transfer step: "Cannot restart step [transfer] from UNKNOWN status".
     */
    @Test
    void resumesAJobWhoseStepWasLeftUnknownWhenTheProcessDiedBeforeTheJobsSave() throws Exception {
        EngineFixture.Run run = runUntilTheDatabaseGoesAway();
        fixture.jdbc.update("""
                UPDATE batch_job_execution SET status = 'STARTED', exit_code = 'UNKNOWN', exit_message = '',
                       end_time = NULL WHERE job_execution_id = ?""", run.job().getId());
        assertThat(batch.getJobExecution(run.job().getId()).isRunning()).isTrue();

        resumeAndVerify(run);
    }

    /** Runs the job with the database away as its transfer step ends: the job execution ends UNKNOWN. */
    private EngineFixture.Run runUntilTheDatabaseGoesAway() {
        loseTheLastPartitionsFinalSave(fixture);

        EngineFixture.Run run = fixture.run(EngineFixture.spec("unknown", "unknown-src",
                List.of(new DestinationSpec("unknown-dst", Optional.empty())), true));

        JobExecution left = batch.getJobExecution(run.job().getId());
        assertThat(fixture.database.refused()).as("connection requests refused while the database was away")
                .isPositive();
        assertThat(left.getStatus()).as("the job execution as saved").isEqualTo(BatchStatus.UNKNOWN);
        Map<String, BatchStatus> steps = statuses(left);
        assertThat(steps).containsEntry("plan", BatchStatus.COMPLETED).containsEntry("route", BatchStatus.COMPLETED)
                .containsEntry("transfer", BatchStatus.UNKNOWN);
        assertThat(partitions(steps)).as("the partitions as saved (before their listeners)")
                .containsExactly(BatchStatus.COMPLETED, BatchStatus.COMPLETED);
        assertThat(run.status()).as("not finalized: the database went away").isEqualTo("RUNNING");
        assertThat(run.tasksIn("COPIED")).isEqualTo(tags());
        assertThat(toDestination.count("PUT", "/manifests/")).as("tags put").isEqualTo(tags());
        return run;
    }

    /**
     * Resumes the execution as {@code ExecutionRecovery} resumes an orphan of its node (a new lease epoch, then the
     * launcher); it must end SUCCEEDED without copying anything again, the old job execution FAILED, a new one
     * COMPLETED, and every tag at the destination.
     */
    private void resumeAndVerify(EngineFixture.Run run) throws Exception {
        fixture.jdbc.update("UPDATE executions SET owner_node = 'node-a', heartbeat_at = now() WHERE id = ?",
                run.id());
        ExecutionLease lease = fixture.bean(ExecutionRepository.class).reclaim(run.id(), "node-a").orElseThrow();
        fixture.bean(ReplicationLauncher.class).resume(lease);
        // the finalize step writes the execution's status before the job execution's own end is saved
        EngineFixture.await(Duration.ofMinutes(2), "the resumed execution and its job to end",
                () -> !ACTIVE.contains(run.status()) && !lastJob(run).isRunning());

        assertThat(run.status()).as("error: %s", run.row().get("error")).isEqualTo("SUCCEEDED");
        assertThat(run.tasks()).hasSize((int) tags()).allSatisfy(t -> assertThat(t).containsEntry("state", "COPIED"));
        assertThat(toDestination.count("PUT", "/manifests/")).as("tags put, resume included").isEqualTo(tags());
        JobExecution old = batch.getJobExecution(run.job().getId());
        assertThat(old.getStatus()).isEqualTo(BatchStatus.FAILED);
        assertThat(old.getStepExecutions()).extracting(StepExecution::getStatus)
                .allMatch(s -> s == BatchStatus.COMPLETED || s == BatchStatus.FAILED);
        JobExecution resumed = lastJob(run);
        assertThat(resumed.getId()).isNotEqualTo(old.getId());
        assertThat(resumed.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(statuses(resumed)).as("completed steps are not run again")
                .doesNotContainKeys("plan", "route").containsEntry("finalize", BatchStatus.COMPLETED);
        DestinationAudit audit = new DestinationAudit(new RegistryClient(fixture.transport, dst.endpoint()));
        audit.deepVerify(source, REPOSITORIES);
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.objectsHashed()).as("manifests, configs and layers hashed").isGreaterThan(3 * tags());
    }

    private JobExecution lastJob(EngineFixture.Run run) {
        return batch.getLastJobExecution(ReplicationJobConfiguration.JOB_NAME,
                ReplicationLauncher.parameters(run.id()));
    }

    private static long tags() {
        return (long) REPOSITORIES.size() * TAGS_PER_REPOSITORY;
    }

    /**
     * The database goes away in the listeners of the last transfer partition to end (between its two final saves)
     * and comes back in the transfer step's listeners (between its two). Once only: a resumed job runs with the
     * database up.
     */
    private static void loseTheLastPartitionsFinalSave(EngineFixture fixture) {
        AtomicInteger partitionsEnded = new AtomicInteger();
        fixture.bean("replicationRepositoryStep", AbstractStep.class).registerStepExecutionListener(
                new StepExecutionListener() {
                    @Override
                    public ExitStatus afterStep(StepExecution partition) {
                        if (partitionsEnded.incrementAndGet() == REPOSITORIES.size()) {
                            fixture.database.refuse();
                        }
                        return partition.getExitStatus();
                    }
                });
        fixture.bean("replicationTransferStep", AbstractStep.class).registerStepExecutionListener(
                new StepExecutionListener() {
                    @Override
                    public ExitStatus afterStep(StepExecution transfer) {
                        fixture.database.accept();
                        return transfer.getExitStatus();
                    }
                });
    }

    private static Map<String, BatchStatus> statuses(JobExecution job) {
        Map<String, BatchStatus> steps = new TreeMap<>();
        job.getStepExecutions().forEach(s -> steps.put(s.getStepName(), s.getStatus()));
        return steps;
    }

    private static List<BatchStatus> partitions(Map<String, BatchStatus> steps) {
        return steps.entrySet().stream().filter(e -> e.getKey().startsWith("transferRepository:"))
                .map(Map.Entry::getValue).toList();
    }
}
