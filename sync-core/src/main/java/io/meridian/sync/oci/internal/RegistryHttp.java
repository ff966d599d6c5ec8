package io.meridian.sync.oci.internal;

import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.RegistryEndpoint;
import io.meridian.sync.oci.RetryableRegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import io.meridian.sync.oci.auth.Authenticator;
import io.meridian.sync.oci.auth.Challenge;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path shared by all per-call classes of one registry: User-Agent, authorization (with the single
 * 401 → token → retry), redirects (Authorization dropped when the host changes) and error mapping of I/O.
 */
public final class RegistryHttp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);
    private static final int MAX_REDIRECTS = 5;

    private final RegistryEndpoint endpoint;
    private final OciTransport transport;
    private final HttpClient http;
    private final Authenticator auth;
    private final Duration readIdleTimeout;

    public RegistryHttp(OciTransport transport, RegistryEndpoint endpoint, Duration readIdleTimeout) {
        this.transport = transport;
        this.endpoint = endpoint;
        this.readIdleTimeout = readIdleTimeout;
        this.http = transport.clientFor(endpoint);
        this.auth = new Authenticator(endpoint, http, transport.settings().requestTimeout(),
                transport.settings().userAgent(), Clock.systemUTC());
    }

    public RegistryEndpoint endpoint() {
        return endpoint;
    }

    /** {@code /v2/...} path resolved against the registry base URL. */
    public URI uri(String path) {
        return endpoint.resolve(path);
    }

    /**
     * One request. {@code body} is null for no body; a body supplier that cannot be replayed (a stream)
     * makes a 401 on it final instead of retried.
     *
     * @param action   human-readable action for error messages, e.g. "get manifest team/app:v1 from host"
     * @param transfer true for blob data (uses the long transfer timeout)
     */
    public record Request(String method, URI uri, Map<String, String> headers, Supplier<HttpRequest.BodyPublisher> body,
                          boolean replayable, Set<String> scopes, String action, boolean transfer,
                          boolean followRedirects) {
        public Request {
            Objects.requireNonNull(method);
            Objects.requireNonNull(uri);
            headers = headers == null ? Map.of() : Map.copyOf(headers);
            scopes = Set.copyOf(scopes);
        }

        public static Request of(String method, URI uri, Set<String> scopes, String action) {
            return new Request(method, uri, Map.of(), null, true, scopes, action, false, false);
        }

        public Request withHeaders(Map<String, String> h) {
            return new Request(method, uri, h, body, replayable, scopes, action, transfer, followRedirects);
        }

        public Request withBody(Supplier<HttpRequest.BodyPublisher> b, boolean canReplay) {
            return new Request(method, uri, headers, b, canReplay, scopes, action, transfer, followRedirects);
        }

        public Request asTransfer() {
            return new Request(method, uri, headers, body, replayable, scopes, action, true, followRedirects);
        }

        public Request followingRedirects() {
            return new Request(method, uri, headers, body, replayable, scopes, action, transfer, true);
        }
    }

    /** Sends the request; the caller owns (and must close) the response body. Never returns a 401. */
    public HttpResponse<InputStream> send(Request r) {
        URI target = r.uri();
        boolean authRetried = false;
        int redirects = 0;
        while (true) {
            boolean sameOrigin = sameOrigin(target);
            Duration timeout = r.transfer() ? transport.settings().transferTimeout() : transport.settings().requestTimeout();
            HttpRequest.Builder b = HttpRequest.newBuilder(target)
                    .timeout(timeout)
                    .header("User-Agent", transport.settings().userAgent());
            r.headers().forEach(b::header);
            String sentAuthorization = sameOrigin ? auth.authorization(r.scopes()).orElse(null) : null;
            if (sentAuthorization != null) {
                b.header("Authorization", sentAuthorization);
            }
            b.method(r.method(), r.body() == null ? HttpRequest.BodyPublishers.noBody() : r.body().get());
            transport.checkAddress(target, r.action());
            HttpResponse<InputStream> resp;
            try {
                resp = http.send(b.build(), TimedBody.handler(readIdleTimeout, bodyDeadline(r, timeout)));
            } catch (IOException e) {
                throw Errors.fromIo(r.action(), e);
            } catch (InterruptedException e) {
                throw TransferInterruptedException.interrupted(r.action(), e);
            }
            int status = resp.statusCode();
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {}{} -> {}", r.method(), target.getRawPath(), target.getRawQuery() == null ? "" : "?…",
                        status);
            }
            if (status == 401 && sameOrigin && !authRetried) {
                drain(resp);
                List<Challenge> challenges = Challenge.parse(String.join(", ",
                        resp.headers().allValues("WWW-Authenticate")));
                checkRealms(challenges, target, r.action());
                auth.onUnauthorized(challenges, r.scopes(), r.action(), sentAuthorization);
                if (!r.replayable()) {
                    // The body stream is spent; the fresh token is cached, so a retry (chunk resume) will pass.
                    throw new RetryableRegistryException(r.action() + " failed: 401 on a streamed body; "
                            + "authorization renewed, retry the request", 401, null, null, null);
                }
                authRetried = true;
                continue;
            }
            if (r.followRedirects() && isRedirect(status)) {
                String location = resp.headers().firstValue("Location").orElse(null);
                drain(resp);
                if (location == null || ++redirects > MAX_REDIRECTS) {
                    throw new PermanentRegistryException(r.action() + " failed: " + status
                            + (location == null ? " redirect without Location" : " too many redirects"),
                            status, null, null);
                }
                target = target.resolve(location);
                LOG.debug("{} redirected to {}://{} (authorization {})", r.action(), target.getScheme(),
                        target.getRawAuthority(), sameOrigin(target) ? "kept" : "dropped");
                continue;
            }
            return resp;
        }
    }

    /** A token realm is a URL the registry chooses: it passes the address guard like any request. */
    private void checkRealms(List<Challenge> challenges, URI target, String action) {
        for (Challenge c : challenges) {
            if (c.isBearer() && c.param("realm").isPresent()) {
                URI realm;
                try {
                    realm = target.resolve(c.param("realm").get());
                } catch (IllegalArgumentException e) {
                    continue; // the authenticator reports the unusable realm
                }
                transport.checkAddress(realm, action + " (token realm)");
            }
        }
    }

    /**
     * The whole-request timeout: headers and body of a metadata call, or the (small) answer to an upload, must arrive
     * within the call's timeout. A blob download has no overall deadline (its length is unbounded); the read-idle
     * timeout stops it when the source stalls.
     */
    private static long bodyDeadline(Request r, Duration timeout) {
        if (r.transfer() && "GET".equals(r.method())) {
            return TimedBody.NO_DEADLINE;
        }
        return System.nanoTime() + timeout.toNanos();
    }

    /** Sends and expects one of {@code okStatuses}; anything else becomes an exception (body consumed). */
    public HttpResponse<InputStream> expect(Request r, int... okStatuses) {
        HttpResponse<InputStream> resp = send(r);
        for (int ok : okStatuses) {
            if (resp.statusCode() == ok) {
                return resp;
            }
        }
        throw Errors.fromResponse(r.action(), resp);
    }

    /**
     * A fresh token for exactly {@code scopes}, to hand to another system (a P2P engine); empty when the registry
     * does not use Bearer tokens. Not cached, never used for our own requests.
     */
    public java.util.Optional<io.meridian.sync.oci.ScopedToken> issueScopedToken(Set<String> scopes) {
        return io.meridian.sync.oci.auth.ScopedTokens.issue(http, endpoint, scopes,
                transport.settings().requestTimeout(), transport.settings().userAgent(), Clock.systemUTC(),
                transport::checkAddress);
    }

    /**
     * Reads and discards a body so the connection goes back to the pool — at most {@value #MAX_DRAINED} bytes: a
     * longer body (a hostile 100 MB answer to a 401, a redirect or a manifest over its cap) is not worth reading, the
     * body is closed instead and the connection dropped.
     */
    public static void drain(HttpResponse<InputStream> resp) {
        try (InputStream in = resp.body()) {
            if (in != null) {
                long left = MAX_DRAINED;
                byte[] buf = new byte[8192];
                int n;
                while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
                    left -= n;
                }
            }
        } catch (IOException ignored) {
            // a broken connection is simply not reused
        }
    }

    /** Bytes {@link #drain} reads at most before it drops the connection instead. */
    static final int MAX_DRAINED = 64 * 1024;

    /** Location header resolved against the request URI, kept verbatim otherwise (query included). */
    public static URI location(HttpResponse<?> resp, String action) {
        String loc = resp.headers().firstValue("Location").orElseThrow(() -> new PermanentRegistryException(
                action + " failed: " + resp.statusCode() + " without a Location header"));
        return resp.request().uri().resolve(loc);
    }

    private boolean sameOrigin(URI u) {
        URI base = endpoint.baseUrl();
        return base.getScheme().equalsIgnoreCase(u.getScheme())
                && base.getHost().toLowerCase(Locale.ROOT).equals(u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT))
                && port(base) == port(u);
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : ("https".equalsIgnoreCase(u.getScheme()) ? 443 : 80);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    @Override
    public void close() {
        auth.close();
    }
}
