package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.RepositoryName;
import org.junit.jupiter.api.Test;

/**
 * A transfer partition is named after its repository, not its position: a restart partitions again over what is
 * still pending, and Spring Batch skips a partition whose name completed before (PostgresRestartIT).
 */
class PartitionNamesTest {

    @Test
    void aPartitionIsNamedAfterItsRepositoryWhateverElseIsPending() {
        assertThat(ReplicationJobConfiguration.partitionName(RepositoryName.parse("pgr/repo3"))).isEqualTo("pgr/repo3");
    }

    @Test
    void longRepositoryNamesFitTheStepNameColumnAndStayDistinct() {
        String prefix = "team/" + "a".repeat(70) + "/";
        String one = ReplicationJobConfiguration.partitionName(RepositoryName.parse(prefix + "one"));
        String two = ReplicationJobConfiguration.partitionName(RepositoryName.parse(prefix + "two"));
        assertThat(one).hasSizeLessThanOrEqualTo(61).startsWith("team/aaa").isNotEqualTo(two);
        assertThat(("transferRepository:" + one).length()).isLessThanOrEqualTo(100);
        assertThat(ReplicationJobConfiguration.partitionName(RepositoryName.parse(prefix + "one"))).isEqualTo(one);
    }
}
