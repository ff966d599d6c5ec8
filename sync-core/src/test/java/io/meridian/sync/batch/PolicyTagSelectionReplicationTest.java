package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.policies.Destination;
import io.meridian.policies.Policy;
import io.meridian.policies.PolicyEvaluator;
import io.meridian.policies.Source;
import io.meridian.policies.TagFilter;
import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.plan.PlanSpec;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.testing.LocalRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's tag language end to end on real registries: the planner hands each repository's
 * whole tag list to the policy ({@code tags.latest} needs all of it) and plans the policy's
 * explicit digests whatever their tags.
 */
class PolicyTagSelectionReplicationTest {

    private static final long SEED = 20261203L;
    private static EngineFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new EngineFixture(new ResilienceSettings(3, Duration.ofMillis(50), Duration.ofMillis(200), 16,
                Duration.ofMinutes(1), 50f, 4, Duration.ofSeconds(30), 0));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void copiesTheNewestSemverTagsAndTheListedDigestOnly() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous()) {
            fixture.registry("sel-src", src.endpoint());
            fixture.registry("sel-dst", dst.endpoint());
            SampleImages images = new SampleImages(new RegistryClient(fixture.transport, src.endpoint()), SEED);
            RepositoryName app = RepositoryName.parse("team/app");
            RepositoryName tmp = RepositoryName.parse("team/tmp");
            Descriptor base = images.layer(app, 4000);
            List<String> tags = List.of("1.0.0", "1.1.0", "2.0.0", "2.1.0", "2.2.0-rc.1", "latest", "3.0.0-debug");
            List<ManifestBytes> pushed = new ArrayList<>();
            for (String tag : tags) {
                pushed.add(images.image(app, tag, List.of(base)));
            }
            ManifestBytes untagged = images.image(app, null, List.of(base));
            images.image(tmp, "2.5.0", List.of(images.layer(tmp, 1000)));
            String oldDigest = pushed.get(0).digest().toString();
            Policy policy = new Policy("sel", new Source("sel-src", List.of("team/**"), List.of("team/tmp")),
                    new TagFilter(List.of(".*"), List.of(".*-debug"), ">=1.0.0 <3", 2,
                            List.of(oldDigest, untagged.digest().toString())),
                    List.of(new Destination("sel-dst", null)), true, null);
            PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
            PlanSpec spec = new PlanSpec("sel", "sel-src", evaluator::matchesRepository, evaluator::matchesTag,
                    List.of(new DestinationSpec("sel-dst", Optional.empty())), true, List.of(),
                    evaluator::references);

            EngineFixture.Run run = fixture.run(spec);

            assertThat(run.status()).isEqualTo("SUCCEEDED");
            assertThat(run.tasks()).extracting(t -> t.get("source_repository") + "@" + t.get("reference"))
                    .containsExactlyInAnyOrder("team/app@2.1.0", "team/app@2.0.0", "team/app@" + oldDigest,
                            "team/app@" + untagged.digest());
            RegistryClient atDst = new RegistryClient(fixture.transport, dst.endpoint());
            assertThat(atDst.headManifest(app, Reference.tag("2.1.0"))).map(Descriptor::digest)
                    .contains(pushed.get(3).digest());
            assertThat(atDst.headManifest(app, Reference.tag("2.0.0"))).isPresent();
            assertThat(atDst.headManifest(app, Reference.digest(pushed.get(0).digest()))).isPresent();
            assertThat(atDst.headManifest(app, Reference.digest(untagged.digest()))).isPresent();
            for (String absent : List.of("1.0.0", "1.1.0", "2.2.0-rc.1", "latest", "3.0.0-debug")) {
                assertThat(atDst.headManifest(app, Reference.tag(absent))).as(absent).isEmpty();
            }
            assertThat(atDst.headManifest(tmp, Reference.tag("2.5.0"))).as("excluded repository").isEmpty();

            EngineFixture.Run again = fixture.run(spec);
            assertThat(again.status()).isEqualTo("SUCCEEDED");
            assertThat(again.tasksIn("SKIPPED")).as("a resync of digests and tags copies nothing").isEqualTo(4);
        }
    }
}
