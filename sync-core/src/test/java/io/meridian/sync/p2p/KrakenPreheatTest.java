package io.meridian.sync.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The Kraken adapter against {@link KrakenContractServer}. */
class KrakenPreheatTest {

    static final Digest DIGEST = Digest.parse("sha256:" + "cd".repeat(32));
    KrakenContractServer kraken;
    Preheater preheater;

    @BeforeEach
    void start() throws Exception {
        kraken = new KrakenContractServer();
        preheater = new P2pEngines(PreheatSettings.defaults()).preheater(new EngineSpec("kr-hz", "hz",
                EngineKind.KRAKEN, kraken.url(), null, List.of(), null, 100, List.of()));
    }

    @AfterEach
    void stop() {
        kraken.close();
    }

    static PreheatTarget target(String repo, String mediaType, List<String> platforms) {
        return new PreheatTarget(URI.create("http://reg.hz:5000"), RepositoryName.parse(repo), Optional.of("v2"),
                DIGEST, mediaType, platforms, new PullCredential(Optional.of("Bearer secret-pull"),
                Instant.now().plusSeconds(60)));
    }

    @Test
    void aSingleManifestIsAPushNotificationKrakenKeepsButCannotConfirm() {
        PreheatResult r = preheater.preheat(target("team/app", "application/vnd.oci.image.manifest.v1+json", List.of()));

        assertThat(kraken.preheatedEvents()).hasSize(1);
        KrakenContractServer.Recorded sent = kraken.requests().get(0);
        assertThat(sent.path()).isEqualTo("/registry/notifications");
        assertThat(sent.contentType()).isEqualTo("application/vnd.docker.distribution.events.v1+json");
        JsonNode target = sent.body().path("events").get(0).path("target");
        assertThat(target.path("repository").asString()).isEqualTo("team/app");
        assertThat(target.path("digest").asString()).isEqualTo(DIGEST.toString());
        assertThat(target.path("tag").asString()).isEqualTo("v2");
        assertThat(target.path("url").asString()).isEqualTo("http://reg.hz:5000/v2/team/app/manifests/" + DIGEST);
        assertThat(sent.body().toString()).as("Kraken's origins pull with their own credentials")
                .doesNotContain("secret-pull");
        assertThat(r.state()).isEqualTo(PreheatState.PREHEAT_UNVERIFIED);
        assertThat(r.jobIds()).containsExactly("notification");
    }

    @Test
    void anIndexIsPrefetchedByTagAndItsStatusIsTheOutcome() {
        kraken.tag("team/app:v2", true);
        PreheatResult r = preheater.preheat(target("team/app", "application/vnd.oci.image.index.v1+json",
                List.of("linux/amd64", "linux/arm64")));
        KrakenContractServer.Recorded sent = kraken.requests().get(0);
        assertThat(sent.path()).isEqualTo("/proxy/v2/registry/prefetch");
        assertThat(sent.body().path("tag").asString()).isEqualTo("reg.hz:5000/team/app:v2");
        assertThat(r.state()).isEqualTo(PreheatState.SUCCESS);
        assertThat(kraken.preheatedEvents()).isEmpty();
    }

    @Test
    void aFailedPrefetchIsReportedWithKrakensMessage() {
        kraken.tag("team/app:v2", false);
        PreheatResult r = preheater.preheat(target("team/app", "application/vnd.oci.image.index.v1+json",
                List.of("linux/amd64")));
        assertThat(r.state()).isEqualTo(PreheatState.FAILURE);
        assertThat(r.error()).contains("at least one layer could not be prefetched");
    }

    @Test
    void aRepositoryKrakensTagParserWouldMisreadIsRefusedBeforeSending() {
        PreheatResult r = preheater.preheat(target("org/team/app", "application/vnd.oci.image.index.v1+json",
                List.of("linux/amd64")));
        assertThat(r.state()).isEqualTo(PreheatState.FAILURE);
        assertThat(r.error()).contains("exactly two components");
        assertThat(kraken.requests()).isEmpty();
    }

    @Test
    void healthAsksHealth() {
        assertThat(preheater.healthy()).isTrue();
        assertThat(kraken.requests()).extracting(KrakenContractServer.Recorded::path).containsExactly("/health");
    }
}
