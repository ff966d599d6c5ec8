package io.meridian.server.api.registries;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.OciTransport;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.server.security.UrlGuard;
import io.meridian.sync.oci.RegistryEndpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Probes a registry with {@code GET /v2/}, unauthenticated: the answer alone says whether the
 * registry is up, so no credential ever needs to leave the server for a health check. One shared
 * client keeps connections pooled across checks.
 */
@Component
public class RegistryHealthChecker {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHealthChecker.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** The OCI client's HTTP stack: pooled clients, one per CA bundle, so a check trusts what transfers trust. */
    private final OciTransport transport;
    private final Clock clock = Clock.systemUTC();

    public RegistryHealthChecker(UrlGuard urlGuard) {
        this.transport = OciTransport.create(
                new OciTransport.Settings(CONNECT_TIMEOUT, REQUEST_TIMEOUT, REQUEST_TIMEOUT, "meridian-health"), urlGuard);
    }

    public RegistryHealth check(RegistryView registry) {
        // chart repositories have no /v2/: helm-http and chartmuseum answer index.yaml, an S3 endpoint answers "/"
        String probe = switch (registry.kind()) {
            case HELM_HTTP, CHARTMUSEUM -> "/index.yaml";
            case S3 -> "/";
            default -> "/v2/";
        };
        URI uri = URI.create(registry.url() + probe);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("User-Agent", "meridian-health").GET().build();
        Instant checkedAt = clock.instant();
        long start = System.nanoTime();
        try {
            transport.checkAddress(uri, "check registry " + registry.name());
        } catch (PermanentRegistryException e) {
            return unreachable(registry, start, checkedAt, e.getMessage());
        }
        try {
            HttpResponse<Void> response = clientFor(registry).send(request, HttpResponse.BodyHandlers.discarding());
            long latencyMs = elapsedMs(start);
            int status = response.statusCode();
            boolean reachable = registry.kind() == io.meridian.regions.RegistryKind.S3 ? status < 500
                    : status == 200 || status == 401;
            String apiVersion = response.headers().firstValue("Docker-Distribution-API-Version").orElse(null);
            LOG.info("registry {} health: {} in {} ms", registry.name(), status, latencyMs);
            return new RegistryHealth(registry.name(), registry.url(), reachable, status, latencyMs, checkedAt, apiVersion,
                    reachable ? null : "GET " + probe + " answered " + status + "; a registry answers 200 or 401");
        } catch (HttpTimeoutException e) {
            return unreachable(registry, start, checkedAt, "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return unreachable(registry, start, checkedAt, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable(registry, start, checkedAt, "interrupted");
        }
    }

    private HttpClient clientFor(RegistryView registry) {
        return transport.clientFor(new RegistryEndpoint(URI.create(registry.url()), registry.insecure(),
                Credentials.anonymous(), Optional.ofNullable(registry.caBundle()).map(Path::of)));
    }

    private static RegistryHealth unreachable(RegistryView registry, long start, Instant checkedAt, String error) {
        LOG.info("registry {} unreachable: {}", registry.name(), error);
        return new RegistryHealth(registry.name(), registry.url(), false, null, elapsedMs(start), checkedAt, null, error);
    }

    /** The URL holds no credentials (RegistryDefinition refuses user info), so the cause is safe to show. */
    private static String describe(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static long elapsedMs(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
