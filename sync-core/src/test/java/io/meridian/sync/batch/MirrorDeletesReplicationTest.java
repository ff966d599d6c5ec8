package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.plan.MirrorDeletes;
import io.meridian.sync.plan.PlanSpec;
import io.meridian.sync.testing.LocalRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mirror deletes ({@code "deletes": true}) on real registries (distribution 2.8, delete enabled):
 * a tag gone at the source goes at the destination; a digest other kept tags point to is not
 * deleted (DELETE_SKIPPED naming them), whether the holder was already there or is written by
 * the same run; tags the filter does not select and repositories the policy does not write are
 * never touched; without {@code deletes} nothing is deleted.
 */
class MirrorDeletesReplicationTest {

    private static EngineFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new EngineFixture(EngineFixture.QUICK);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void deletesTagsGoneAtTheSourceButNeverASharedDigestNorOutsideTheScope() {
        try (LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry dst = LocalRegistry.anonymous()) {
            fixture.registry("mir-src", src.endpoint());
            fixture.registry("mir-dst", dst.endpoint());
            RegistryClient atSrc = new RegistryClient(fixture.transport, src.endpoint());
            RegistryClient atDst = new RegistryClient(fixture.transport, dst.endpoint());
            SampleImages images = new SampleImages(atSrc, 1403L);
            SampleImages local = new SampleImages(atDst, 1404L);
            RepositoryName app = RepositoryName.parse("team/app");
            Descriptor base = images.layer(app, 3000);
            ManifestBytes old = images.image(app, "old", List.of(base));
            ManifestBytes shared = images.image(app, "1.0", List.of(base));
            atSrc.putManifest(app, Reference.tag("stable"), shared);
            ManifestBytes moved = images.image(app, "2.0", List.of(base));
            images.image(app, "keep", List.of(base));
            // at the destination only: a tag the filter leaves out, and a repository the policy does not write
            ManifestBytes localOnly = local.image(app, "local-1", List.of(local.layer(app, 500)));
            RepositoryName other = RepositoryName.parse("other/app");
            local.image(other, "gone", List.of(local.layer(other, 500)));

            PlanSpec mirror = spec(true, "local-");
            EngineFixture.Run first = fixture.run(mirror);
            assertThat(first.status()).isEqualTo("SUCCEEDED");
            assertThat(first.tasks()).as("nothing is gone yet").noneMatch(t -> String.valueOf(t.get("action")).startsWith("delete"));
            assertThat(first.tasksIn("COPIED")).isEqualTo(5);

            // at the source: 'old' goes; '1.0' goes while 'stable' keeps its digest; '2.0' becomes '2.1'
            atSrc.deleteManifest(app, old.digest());
            atSrc.deleteManifest(app, shared.digest());
            atSrc.putManifest(app, Reference.tag("stable"), shared);
            atSrc.deleteManifest(app, moved.digest());
            atSrc.putManifest(app, Reference.tag("2.1"), moved);

            // (this run leaves 2.1 alone, so that the mirror run below is the one that writes it)
            EngineFixture.Run without = fixture.run(spec(false, "2.1"));
            assertThat(without.status()).isEqualTo("SUCCEEDED");
            assertThat(without.tasks()).as("no deletes without deletes: true").noneMatch(t -> String.valueOf(t.get("action")).startsWith("delete"));
            assertThat(atDst.headManifest(app, Reference.tag("old"))).isPresent();

            EngineFixture.Run second = fixture.run(mirror);
            assertThat(second.status()).isEqualTo("SUCCEEDED");
            Map<String, Map<String, Object>> deletes = second.tasks().stream()
                    .filter(t -> String.valueOf(t.get("action")).startsWith("delete"))
                    .collect(Collectors.toMap(t -> (String) t.get("reference"), t -> t));
            assertThat(deletes.keySet()).containsExactlyInAnyOrder("old", "1.0", "2.0");
            assertThat(deletes.get("old").get("state")).isEqualTo("DELETED");
            assertThat(deletes.get("old").get("digest")).isEqualTo(old.digest().toString());
            assertThat(deletes.get("old").get("action")).isEqualTo("delete");
            assertThat(deletes.get("1.0").get("action")).isEqualTo("delete-skipped");
            assertThat(deletes.get("2.0").get("action")).isEqualTo("delete-skipped");
            assertThat(deletes.get("1.0").get("state")).isEqualTo("SKIPPED");
            assertThat(deletes.get("1.0").get("error_code")).isEqualTo(MirrorDeletes.DELETE_SKIPPED);
            assertThat((String) deletes.get("1.0").get("error_message")).contains("is also tagged stable")
                    .contains(shared.digest().toString());
            assertThat(deletes.get("2.0").get("state")).isEqualTo("SKIPPED");
            assertThat((String) deletes.get("2.0").get("error_message")).as("held by what the same run writes")
                    .contains("2.1");

            assertThat(atDst.headManifest(app, Reference.tag("old"))).isEmpty();
            assertThat(atDst.headManifest(app, Reference.digest(old.digest()))).as("deleted by digest").isEmpty();
            for (String kept : List.of("1.0", "stable", "2.0", "2.1", "keep")) {
                assertThat(atDst.headManifest(app, Reference.tag(kept))).as(kept).isPresent();
            }
            assertThat(atDst.headManifest(app, Reference.tag("local-1"))).as("not selected by the filter")
                    .map(Descriptor::digest).contains(localOnly.digest());
            assertThat(atDst.headManifest(other, Reference.tag("gone"))).as("a repository the policy does not write")
                    .isPresent();

            EngineFixture.Run third = fixture.run(mirror);
            assertThat(third.tasks()).filteredOn(t -> String.valueOf(t.get("action")).startsWith("delete"))
                    .as("a resync deletes nothing more; the shared digests are still held")
                    .extracting(t -> t.get("reference") + ":" + t.get("state"))
                    .containsExactlyInAnyOrder("1.0:SKIPPED", "2.0:SKIPPED");
        }
    }

    /** Every team/ repository, every tag except those starting with {@code left}. */
    private static PlanSpec spec(boolean deletes, String left) {
        return new PlanSpec("mirror", "mir-src", repo -> repo.startsWith("team/"), tag -> !tag.startsWith(left),
                List.of(new DestinationSpec("mir-dst", Optional.empty())), true, List.of(),
                tags -> tags.stream().filter(tag -> !tag.startsWith(left)).toList(), deletes);
    }
}
