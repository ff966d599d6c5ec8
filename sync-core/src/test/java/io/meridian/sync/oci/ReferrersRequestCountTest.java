package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Referrers on a registry without the API (distribution 2.8.2): each request spared is one per artifact copied. */
class ReferrersRequestCountTest {

    private static final OciTransport TRANSPORT = OciTransport.create(OciTransport.Settings.defaults()
            .withRequestTimeout(Duration.ofSeconds(10)));
    private static final RepositoryName REPO = RepositoryName.parse("team/app");

    private final StubServer stub = new StubServer();

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void asksForTheReferrersApiOnceAndSkipsAFallbackTagTheTagListLacks() {
        stub.on("GET", "/v2/team/app/referrers/.*", (req, resp) -> resp.send(404, StubServer.error("NAME_UNKNOWN", "no")));
        stub.on("HEAD", "/v2/team/app/manifests/.*", (req, resp) -> resp.send(404));
        RegistryClient client = new RegistryClient(TRANSPORT, stub.endpoint(Credentials.anonymous()));

        assertThat(client.referrers(REPO, digest('1'))).isEmpty();
        assertThat(stub.received("GET", "/v2/team/app/referrers/")).hasSize(1);
        assertThat(stub.received("HEAD", "/v2/team/app/manifests/")).hasSize(1);

        assertThat(client.referrers(REPO, digest('2'), FallbackTag.NOT_LISTED)).isEmpty();
        assertThat(client.referrers(REPO, digest('3'))).isEmpty();
        assertThat(stub.received("GET", "/v2/team/app/referrers/"))
                .as("a registry that answered 404 has no referrers API: not asked again").hasSize(1);
        assertThat(stub.received("HEAD", "/v2/team/app/manifests/"))
                .as("only the fallback tag whose presence was unknown is checked").hasSize(2);
    }

    private static Digest digest(char c) {
        return Digest.parse("sha256:" + String.valueOf(c).repeat(64));
    }
}
