package io.meridian.sync.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import org.junit.jupiter.api.Test;

class PlannedTaskTest {

    static final RepositoryName REPO = RepositoryName.parse("team/app");
    static final Digest DIGEST = Digest.sha256Of(new byte[]{1});

    @Test
    void storesTheReferenceAsItsWireForm() {
        PlannedTask tag = new PlannedTask(REPO, Reference.tag("v1"), null, DIGEST, MediaType.OCI_MANIFEST, 1, REPO,
                TaskState.PENDING, null, null);
        PlannedTask byDigest = new PlannedTask(REPO, Reference.digest(DIGEST), null, DIGEST, MediaType.OCI_MANIFEST,
                1, REPO, TaskState.PENDING, null, null);
        assertThat(tag.referenceText()).isEqualTo("v1");
        assertThat(byDigest.referenceText()).isEqualTo(DIGEST.toString());
    }

    @Test
    void anInvalidSourceTagIsKeptAsTextOnAFailedTaskOnly() {
        PlannedTask invalid = new PlannedTask(REPO, null, "-bad", null, null, 1, REPO, TaskState.FAILED,
                "TAG_INVALID", "source tag is not a valid tag");
        assertThat(invalid.referenceText()).isEqualTo("-bad");
        assertThatThrownBy(() -> new PlannedTask(REPO, null, "-bad", null, null, 1, REPO, TaskState.PENDING,
                null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlannedTask(REPO, Reference.tag("v1"), "v1", null, null, 1, REPO,
                TaskState.FAILED, "X", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PlannedTask(REPO, null, null, null, null, 1, REPO,
                TaskState.FAILED, "X", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anActionPlansItsStateOrIsDoneAtOnce() {
        PlannedTask chart = new PlannedTask(REPO, Reference.tag("v1"), null, DIGEST, null, 1, REPO, TaskState.COPIED,
                null, null);
        assertThat(chart.action()).isEqualTo(PlanAction.COPY);
        assertThat(new PlannedTask(REPO, Reference.tag("v1"), null, DIGEST, null, 1, REPO, TaskState.SKIPPED, null,
                null).action()).isEqualTo(PlanAction.SKIP);
        assertThatThrownBy(() -> new PlannedTask(REPO, Reference.tag("v1"), null, DIGEST, null, 1, REPO,
                TaskState.SKIPPED, null, null, PlanAction.CONFLICT, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("conflict");
    }
}
