package io.meridian.sync.oci.auth;

import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.ScopedToken;
import io.meridian.sync.oci.TransferInterruptedException;
import io.meridian.sync.oci.internal.Errors;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Issues a fresh token for exactly the scopes asked ({@code repository:<repo>:pull} for a P2P engine), never the
 * cached tokens Meridian pushes with and never the registry's password: asks {@code GET /v2/} for the challenge and,
 * when it is Bearer, the token service for those scopes with the registry's credentials. A registry without auth or
 * with Basic only yields nothing (there is no scoped, expiring credential to hand over).
 */
public final class ScopedTokens {

    private ScopedTokens() {
    }

    /** @param addressCheck the transport's SSRF guard, applied to the token realm too */
    public static Optional<ScopedToken> issue(HttpClient http, RegistryEndpoint endpoint, Set<String> scopes,
                                              Duration timeout, String userAgent, Clock clock,
                                              BiConsumer<URI, String> addressCheck) {
        URI probe = endpoint.resolve("/v2/");
        String action = "issue " + scopes + " token at " + endpoint.hostPort();
        addressCheck.accept(probe, action);
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(HttpRequest.newBuilder(probe).GET().timeout(timeout).header("User-Agent", userAgent)
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            throw Errors.fromIo(action, e);
        } catch (InterruptedException e) {
            throw TransferInterruptedException.interrupted(action, e);
        }
        if (resp.statusCode() != 401) {
            return Optional.empty();
        }
        List<Challenge> challenges = Challenge.parse(String.join(", ", resp.headers().allValues("WWW-Authenticate")));
        Optional<Challenge> bearer = challenges.stream().filter(Challenge::isBearer)
                .filter(c -> c.param("realm").isPresent()).findFirst();
        if (bearer.isEmpty()) {
            return Optional.empty();
        }
        URI realm = probe.resolve(bearer.get().param("realm").get());
        addressCheck.accept(realm, action + " (token realm)");
        BearerToken t = new TokenFetch(realm, bearer.get().param("service").orElse(null), scopes,
                endpoint.credentials()).execute(http, timeout, userAgent, clock);
        return Optional.of(new ScopedToken(t.value(), t.refreshAt()));
    }
}
