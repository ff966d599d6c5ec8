package io.meridian.sync.helm;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.TransferInterruptedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * HTTP for a chart repository at {@code baseUrl} (which may carry a path, e.g. {@code https://h/charts}): URL
 * resolution as Helm does it ({@code repo.ResolveReferenceURL}: the base is treated as a directory) and Basic auth
 * sent only to the repository's own origin, never to an absolute chart URL on another host (Helm's default without
 * {@code --pass-credentials}). Thread-safe; the per-call classes use it.
 */
final class HelmHttp {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient client;
    private final URI base;
    private final Optional<Credentials.Basic> credentials;

    HelmHttp(HttpClient client, URI baseUrl, Optional<Credentials.Basic> credentials) {
        this.client = Objects.requireNonNull(client, "client");
        this.credentials = credentials == null ? Optional.empty() : credentials;
        String s = Objects.requireNonNull(baseUrl, "baseUrl").toString();
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("url must be http(s)://host[:port][/path], was \"" + s + "\"");
        }
        if (baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("url must not carry user info, query or fragment");
        }
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
    }

    /** The base URL, ending in {@code /}. */
    URI base() {
        return base;
    }

    /** {@code ref} (relative or absolute, as in {@code urls}) resolved against the base directory. */
    URI resolve(String ref) {
        URI uri = URI.create(ref.trim());
        return uri.isAbsolute() ? uri : base.resolve(uri);
    }

    boolean sameOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), base.getScheme()) && Objects.equals(uri.getHost(), base.getHost())
                && uri.getPort() == base.getPort();
    }

    HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT);
        if (sameOrigin(uri)) {
            credentials.ifPresent(c -> b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8))));
        }
        return b;
    }

    /** Sends, mapping I/O to a retryable error and interrupts to an interrupt. */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String action) {
        try {
            return client.send(request, handler);
        } catch (InterruptedException e) {
            throw TransferInterruptedException.interrupted(action, e);
        } catch (IOException e) {
            throw HelmRepositoryException.retryable(action + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), 0, e);
        }
    }

    /** GET {@code uri} as a stream; empty on 404 when {@code allowMissing}; other non-2xx statuses are errors. */
    Optional<InputStream> get(URI uri, String action, boolean allowMissing) {
        HttpResponse<InputStream> response = send(request(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream(), action);
        int status = response.statusCode();
        if (status / 100 == 2) {
            return Optional.of(response.body());
        }
        drain(response.body());
        if (status == 404 && allowMissing) {
            return Optional.empty();
        }
        throw HelmRepositoryException.forStatus(action + " (" + redact(uri) + ")", status);
    }

    static void drain(InputStream body) {
        try (body) {
            body.readNBytes(64 * 1024);
        } catch (IOException ignored) {
            // the error being reported matters more
        }
    }

    /** The URI without query (a signed URL's signature must not reach a log line). */
    static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }

    @Override
    public String toString() {
        return base + credentials.map(c -> " (basic " + c.username() + ")").orElse("");
    }
}
