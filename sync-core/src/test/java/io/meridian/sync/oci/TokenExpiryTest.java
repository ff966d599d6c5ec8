package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.auth.Authenticator;
import io.meridian.sync.oci.auth.Challenge;
import io.meridian.sync.oci.auth.Scopes;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tokens are cached per scope set until shortly before {@code expires_in}, then fetched again. */
class TokenExpiryTest {

    final StubServer stub = new StubServer();

    @AfterEach
    void stop() {
        stub.close();
    }

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void refreshesATokenShortlyBeforeItExpiresAndKeepsScopesApart() {
        AtomicInteger issued = new AtomicInteger();
        stub.on("GET", "/token", (req, resp) -> resp.header("Content-Type", "application/json")
                .send(200, "{\"access_token\":\"t" + issued.incrementAndGet() + "\",\"expires_in\":300}"));
        MutableClock clock = new MutableClock();
        RegistryEndpoint endpoint = stub.endpoint(Credentials.anonymous());
        Authenticator auth = new Authenticator(endpoint, HttpClient.newHttpClient(), Duration.ofSeconds(5), "t", clock);
        Set<String> pull = Scopes.pull(RepositoryName.parse("a/b"));
        Set<String> push = Scopes.push(RepositoryName.parse("a/b"));

        assertThat(auth.authorization(pull)).isEmpty();
        auth.onUnauthorized(Challenge.parse("Bearer realm=\"" + stub.url() + "/token\",service=\"s\""), pull, "test", null);
        assertThat(auth.authorization(pull)).contains("Bearer t1");
        clock.now = clock.now.plusSeconds(260);
        assertThat(auth.authorization(pull)).as("still fresh at 260 s of 300").contains("Bearer t1");
        assertThat(auth.authorization(push)).as("another scope set gets its own token").contains("Bearer t2");
        clock.now = clock.now.plusSeconds(15); // 275 s: inside the 30 s safety margin
        assertThat(auth.authorization(pull)).contains("Bearer t3");
        assertThat(issued.get()).isEqualTo(3);
    }
}
