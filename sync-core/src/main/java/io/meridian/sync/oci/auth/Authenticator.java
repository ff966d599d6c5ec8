package io.meridian.sync.oci.auth;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.OciErrorCode;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RetryableRegistryException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorization for one registry. Learns the scheme from the first challenge, then attaches credentials
 * up front: Basic, ECR, or a Bearer token cached per scope set until {@code expires_in}. Thread-safe; a token
 * for one scope set is fetched by one thread while the others wait for it.
 */
public final class Authenticator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
    private static final int MAX_CACHED_TOKENS = 10_000;

    private final RegistryEndpoint endpoint;
    private final HttpClient http;
    private final Duration timeout;
    private final String userAgent;
    private final Clock clock;
    private final EcrTokenProvider ecr;
    private final Map<String, BearerToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, Object> fetchLocks = new ConcurrentHashMap<>();
    private final Map<String, FailedFetch> failures = new ConcurrentHashMap<>();
    private volatile Challenge bearer;   // realm + service once a Bearer challenge was seen
    private volatile boolean basicSeen;

    public Authenticator(RegistryEndpoint endpoint, HttpClient http, Duration timeout, String userAgent, Clock clock) {
        this.endpoint = endpoint;
        this.http = http;
        this.timeout = timeout;
        this.userAgent = userAgent;
        this.clock = clock;
        this.ecr = endpoint.credentials() instanceof Credentials.AwsEcr e ? new EcrTokenProvider(e, clock) : null;
    }

    /** The {@code Authorization} header to send for a request needing {@code scopes}, if we know one. */
    public Optional<String> authorization(Set<String> scopes) {
        if (ecr != null) {
            return Optional.of("Basic " + ecr.basicToken());
        }
        Challenge b = bearer;
        if (b != null) {
            BearerToken t = tokens.get(Scopes.key(scopes));
            if (t != null && t.isFresh(clock.instant())) {
                return Optional.of("Bearer " + t.value());
            }
            return Optional.of("Bearer " + fetch(b, scopes, Set.of(), null).value());
        }
        if (basicSeen && endpoint.credentials() instanceof Credentials.Basic c) {
            return Optional.of(basic(c));
        }
        return Optional.empty();
    }

    /**
     * Reacts to a 401: remembers the scheme, fetches a token for the requested scopes widened by the challenge's
     * scope. Returns true when a retry with {@link #authorization(Set)} may succeed; throws when it cannot.
     */
    public boolean onUnauthorized(List<Challenge> challenges, Set<String> scopes, String action,
                                  String sentAuthorization) {
        Optional<Challenge> bearerChallenge = challenges.stream().filter(Challenge::isBearer).findFirst();
        if (bearerChallenge.isPresent() && bearerChallenge.get().param("realm").isPresent() && ecr == null) {
            Challenge c = bearerChallenge.get();
            bearer = c;
            Set<String> challenged = c.param("scope").map(s -> Set.of(s.trim().split("\\s+"))).orElse(Set.of());
            fetch(c, scopes, challenged, sentAuthorization);
            return true;
        }
        if (challenges.stream().anyMatch(Challenge::isBasic)) {
            if (endpoint.credentials() instanceof Credentials.Basic && sentAuthorization == null) {
                // we had not sent credentials yet (first contact, possibly from many threads at once)
                basicSeen = true;
                return true;
            }
        }
        throw new PermanentRegistryException(action + " failed: 401 unauthorized ("
                + (endpoint.credentials() instanceof Credentials.Anonymous ? "no credentials configured"
                : "credentials rejected") + ")", 401, OciErrorCode.UNAUTHORIZED, null);
    }

    /**
     * Returns the cached token for {@code scopes} unless the registry just refused exactly that token (then a new
     * one is fetched, widened by the challenge's scope). Many threads hitting the first 401 together thus cause
     * one token request, not one each.
     */
    private BearerToken fetch(Challenge challenge, Set<String> scopes, Set<String> challenged, String sent) {
        String key = Scopes.key(scopes);
        Object lock = fetchLocks.computeIfAbsent(key, k -> new Object());
        long asked = System.nanoTime();
        synchronized (lock) {
            FailedFetch failed = failures.get(key);
            if (failed != null && failed.at() - asked >= 0) {
                // the fetch we waited for failed: share its answer instead of queueing one more (a token service
                // that never answers would otherwise hold every waiter for a full timeout each, one after another)
                throw failed.shared();
            }
            BearerToken existing = tokens.get(key);
            if (existing != null && existing.isFresh(clock.instant())
                    && (challenged.isEmpty() || !("Bearer " + existing.value()).equals(sent))) {
                return existing;
            }
            Set<String> wanted = Scopes.merge(scopes, challenged);
            URI realm = URI.create(challenge.param("realm").orElseThrow());
            BearerToken token;
            try {
                token = new TokenFetch(realm, challenge.param("service").orElse(null), wanted,
                        endpoint.credentials()).execute(http, timeout, userAgent, clock);
            } catch (RegistryException e) {
                failures.put(key, new FailedFetch(e, System.nanoTime()));
                throw e;
            }
            failures.remove(key);
            LOG.debug("token for {} at {} cached until {}", wanted, endpoint.hostPort(), token.refreshAt());
            tokens.put(key, token);
            if (tokens.size() > MAX_CACHED_TOKENS) {
                // one token per repository scope: drop the expired ones so a long sync does not accumulate them
                Instant now = clock.instant();
                tokens.entrySet().removeIf(e -> !e.getValue().isFresh(now));
                fetchLocks.keySet().retainAll(tokens.keySet());
                failures.clear();
            }
            return token;
        }
    }

    /** A token fetch that failed, and when: requests that were waiting for it get its answer. */
    private record FailedFetch(RegistryException error, long at) {
        RegistryException shared() {
            String message = error.getMessage() + " (the same token request of another call, which this one awaited)";
            return error.isRetryable()
                    ? new RetryableRegistryException(message, error.status(), error.errorCode().orElse(null), null, error)
                    : new PermanentRegistryException(message, error.status(), error.errorCode().orElse(null), error);
        }
    }

    /** {@code Basic base64(user:password)}, for the registry and for its token service. */
    static String basic(Credentials.Basic c) {
        return "Basic " + Base64.getEncoder().encodeToString(
                (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (ecr != null) {
            ecr.close();
        }
    }
}
