package io.meridian.sync.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RegistryClient;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.plan.DestinationSpec;
import io.meridian.sync.resilience.ResilienceSettings;
import io.meridian.sync.testing.FaultProxy;
import io.meridian.sync.testing.LocalRegistry;
import io.meridian.sync.testing.TestImages;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, a destination that is full or read-only, on real registries: distribution's own read-only mode
 * ({@code storage.maintenance.readonly.enabled: true}; 2.8.2 answers every write {@code 405 Method Not Allowed}), a
 * registry whose storage is full (its uploads answered {@code 507} with the storage's error, through a fault proxy) and
 * one that refuses writes {@code 403 DENIED} (Harbor's read-only mode, through a fault proxy). Their tasks fail with
 * the registry's own words, the healthy destination gets everything, the execution ends PARTIAL; once the registries
 * take writes again the next run completes the job, redoing only what was missing.
 */
class DestinationRefusesWritesTest {

    /** A breaker that does not open, so that every task carries the registry's answer (see the test's comment). */
    private static final ResilienceSettings NO_BREAKER = new ResilienceSettings(3, Duration.ofMillis(50),
            Duration.ofMillis(200), 64, Duration.ofMinutes(1), 100f, 100_000, Duration.ofSeconds(30), 0);
    private static final String HARBOR_READ_ONLY = "The system is in read only mode. Any modification is prohibited.";
    private static final String DISK_FULL = "filesystem: open /var/lib/registry/docker/registry/v2/repositories/"
            + "team/app/_uploads/startedat: no space left on device";

    @Test
    void refusedWritesFailOnlyTheirDestinationsTasksWithTheRegistrysMessageAndTheNextRunCompletesTheJob()
            throws Exception {
        try (EngineFixture fixture = new EngineFixture(NO_BREAKER);
             LocalRegistry src = LocalRegistry.anonymous(); LocalRegistry good = LocalRegistry.anonymous();
             LocalRegistry readOnly = LocalRegistry.builder().readOnly(true).start();
             LocalRegistry fullBehind = LocalRegistry.anonymous(); FaultProxy full = new FaultProxy(fullBehind.port());
             LocalRegistry deniedBehind = LocalRegistry.anonymous();
             FaultProxy denied = new FaultProxy(deniedBehind.port())) {
            Map<String, Digest> images = new LinkedHashMap<>();
            try (RegistryClient push = new RegistryClient(fixture.transport, src.endpoint())) {
                TestImages gen = new TestImages(20261203L);
                for (String ref : List.of("team/app:v1", "team/app:v2", "team/web:v1")) {
                    String[] p = ref.split(":");
                    TestImages.Image image = TestImages.push(push, RepositoryName.parse(p[0]), p[1],
                            gen.ociImage(1, 20_000));
                    images.put(ref, image.digest());
                }
            }
            // a full disk fails the upload at its first write: creating the session (distribution writes its
            // `startedat` file there)
            full.on("POST", ".*/blobs/uploads/.*", 1_000_000, FaultProxy.status(507, "UNKNOWN", DISK_FULL));
            denied.on("POST", ".*/blobs/uploads/.*", 1_000_000, FaultProxy.status(403, "DENIED", HARBOR_READ_ONLY));
            denied.on("PUT", ".*/manifests/.*", 1_000_000, FaultProxy.status(403, "DENIED", HARBOR_READ_ONLY));
            fixture.registry("src", src.endpoint());
            long goodId = fixture.registry("good", good.endpoint()).id();
            long readOnlyId = fixture.registry("read-only", readOnly.endpoint()).id();
            long fullId = fixture.registry("full", io.meridian.sync.oci.RegistryEndpoint.insecure(full.url(),
                    io.meridian.sync.oci.Credentials.anonymous())).id();
            long deniedId = fixture.registry("denied", io.meridian.sync.oci.RegistryEndpoint.insecure(denied.url(),
                    io.meridian.sync.oci.Credentials.anonymous())).id();
            var spec = EngineFixture.spec("refused", "src", List.of(new DestinationSpec("good", Optional.empty()),
                    new DestinationSpec("read-only", Optional.empty()), new DestinationSpec("full", Optional.empty()),
                    new DestinationSpec("denied", Optional.empty())), true);

            EngineFixture.Run first = fixture.run(spec);

            assertThat(first.status()).as("tasks: %s", first.tasks()).isEqualTo("PARTIAL");
            Map<Long, List<Map<String, Object>>> byDestination = new LinkedHashMap<>();
            first.tasks().forEach(t -> byDestination.computeIfAbsent(((Number) t.get("destination_registry_id"))
                    .longValue(), k -> new java.util.ArrayList<>()).add(t));
            assertThat(byDestination.get(goodId)).hasSize(3).allSatisfy(t -> assertThat(t).containsEntry("state", "COPIED"));
            assertThat(byDestination.get(readOnlyId)).hasSize(3).allSatisfy(t -> {
                assertThat(t).containsEntry("state", "FAILED").containsEntry("error_code", "HTTP_405");
                assertThat((String) t.get("error_message")).contains("405 (Method not allowed; Allow: GET, HEAD)");
            });
            assertThat(byDestination.get(fullId)).hasSize(3).allSatisfy(t -> {
                assertThat(t).containsEntry("state", "FAILED").containsEntry("error_code", "UNKNOWN");
                assertThat((String) t.get("error_message")).contains("push blob").contains("507")
                        .contains("no space left on device");
            });
            assertThat(byDestination.get(deniedId)).hasSize(3).allSatisfy(t -> {
                assertThat(t).containsEntry("state", "FAILED").containsEntry("error_code", "DENIED");
                assertThat((String) t.get("error_message")).contains("403").contains(HARBOR_READ_ONLY);
            });
            for (LocalRegistry refused : List.of(readOnly, fullBehind, deniedBehind)) {
                assertHolds(fixture, refused, images, false);
            }
            assertHolds(fixture, good, images, true);

            // the operator frees space, lifts read-only mode: the next run copies what is missing, nothing else
            readOnly.restart(false);
            full.clear();
            denied.clear();
            double sourceBlobGets = fixture.calls("src", "blob.get");
            EngineFixture.Run second = fixture.run(spec);

            assertThat(second.status()).as("tasks: %s", second.tasks()).isEqualTo("SUCCEEDED");
            assertThat(second.tasks()).filteredOn(t -> ((Number) t.get("destination_registry_id")).longValue() == goodId)
                    .hasSize(3).allSatisfy(t -> assertThat(t).containsEntry("state", "SKIPPED"));
            assertThat(second.tasksIn("COPIED")).isEqualTo(9);
            for (LocalRegistry registry : List.of(good, readOnly, fullBehind, deniedBehind)) {
                assertHolds(fixture, registry, images, true);
            }
            long uniqueBlobs = fixture.jdbc.queryForObject("SELECT count(DISTINCT digest) FROM blob_transfers"
                    + " WHERE execution_id = ?", Long.class, second.id());
            assertThat(fixture.calls("src", "blob.get") - sourceBlobGets).as("source blob GETs of the second run")
                    .isLessThanOrEqualTo((double) uniqueBlobs);
        }
    }

    /** Whether {@code registry} holds every image under its tag ({@code expected}) or none of them. */
    private static void assertHolds(EngineFixture fixture, LocalRegistry registry, Map<String, Digest> images,
                                    boolean expected) {
        try (RegistryClient client = new RegistryClient(fixture.transport, registry.endpoint())) {
            for (var e : images.entrySet()) {
                String[] p = e.getKey().split(":");
                Optional<Descriptor> there = client.headManifest(RepositoryName.parse(p[0]), Reference.tag(p[1]));
                if (expected) {
                    assertThat(there).as(e.getKey() + " at " + registry)
                            .hasValueSatisfying(d -> assertThat(d.digest()).isEqualTo(e.getValue()));
                } else {
                    assertThat(there).as(e.getKey() + " at " + registry).isEmpty();
                }
            }
        }
    }
}
