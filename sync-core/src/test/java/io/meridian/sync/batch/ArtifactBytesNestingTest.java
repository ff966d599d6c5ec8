package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.ArtifactBytes;
import io.meridian.sync.resilience.RegistryGuards;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.select.CopyScope;
import io.meridian.sync.testing.HostileRegistry;
import io.meridian.sync.transfer.ArtifactCopier;
import io.meridian.sync.transfer.GuardedRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A preview's byte count follows a chain of indexes no deeper than the copy would ({@link
 * ArtifactCopier#MAX_INDEX_NESTING}): before, a hostile source's chain cost a GET and a stack frame per level.
 */
class ArtifactBytesNestingTest {

    private static final int LEVELS = 20;

    @Test
    void stopsFollowingAChainOfIndexesWhereTheCopyStops() throws Exception {
        Random random = new Random(42);
        try (HostileRegistry src = new HostileRegistry(); RegistryClient client = new RegistryClient(
                OciTransport.create(), src.endpoint())) {
            Digest below = HostileSourceTest.image(src, "team/deep", null, random, 100, 1000);
            long belowSize = src.manifestSize("team/deep", below);
            MediaType belowType = MediaType.OCI_MANIFEST;
            for (int level = 1; level <= LEVELS; level++) {
                byte[] chained = HostileSourceTest.index(List.of(HostileRegistry.descriptor(belowType, below,
                        belowSize)));
                below = src.manifest("team/deep", null, MediaType.OCI_INDEX, chained);
                belowSize = chained.length;
                belowType = MediaType.OCI_INDEX;
            }
            GuardedRegistry source = new GuardedRegistry(1, "src", client,
                    new RegistryGuards(ResilienceSettings.DEFAULTS, new SimpleMeterRegistry()).forRegistry("src"),
                    null);

            long bytes = new ArtifactBytes(source, CopyScope.ALL).of(RepositoryName.parse("team/deep"), below);

            assertThat(bytes).as("the top index counted").isGreaterThanOrEqualTo(belowSize);
            assertThat(src.received("GET", "/v2/team/deep/manifests/")).as("manifest GETs")
                    .hasSize(ArtifactCopier.MAX_INDEX_NESTING + 1);
        }
    }
}
