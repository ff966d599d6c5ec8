package io.meridian.sync.helm;

import io.meridian.sync.oci.Credentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;

/**
 * kind {@code helm-http}: any HTTP(S) chart repository, i.e. {@code <url>/index.yaml} and the archives its
 * {@code urls} name (relative to the repository URL or absolute), with optional Basic auth; the {@code .prov} is
 * {@code <archive url>.prov} (Helm's {@code helm pull --verify}). Read-only. Thread-safe.
 */
public final class HelmHttpRepository implements ChartSource {

    private final HelmHttp http;
    private final String kind;

    public HelmHttpRepository(HttpClient client, URI url, Optional<Credentials.Basic> credentials) {
        this(client, url, credentials, "helm-http");
    }

    HelmHttpRepository(HttpClient client, URI url, Optional<Credentials.Basic> credentials, String kind) {
        this.http = new HelmHttp(client, url, credentials);
        this.kind = kind;
    }

    @Override
    public String describe() {
        return kind + " " + HelmHttp.redact(http.base());
    }

    @Override
    public IndexFile index() {
        URI uri = http.resolve("index.yaml");
        String action = "GET index.yaml of " + describe();
        try (InputStream in = http.get(uri, action, false).orElseThrow()) {
            return IndexYaml.parse(in, "index.yaml of " + describe());
        } catch (IllegalArgumentException e) {
            throw HelmRepositoryException.permanent(e.getMessage(), 0, e);
        } catch (IOException e) {
            throw HelmRepositoryException.retryable(action + ": " + e.getMessage(), 0, e);
        }
    }

    @Override
    public InputStream openChart(ChartVersion version) {
        return http.get(chartUri(version), "GET chart " + version.name() + " " + version.version() + " from " + describe(),
                false).orElseThrow();
    }

    @Override
    public Optional<InputStream> openProvenance(ChartVersion version) {
        URI chart = chartUri(version);
        URI prov = URI.create(chart + ".prov");
        return http.get(prov, "GET provenance of " + version.name() + " " + version.version() + " from " + describe(), true);
    }

    URI chartUri(ChartVersion version) {
        List<String> urls = version.urls();
        if (urls.isEmpty()) {
            throw HelmRepositoryException.permanent("chart " + version.name() + " " + version.version() + " in "
                    + describe() + " has no urls in index.yaml");
        }
        try {
            return http.resolve(urls.get(0));
        } catch (IllegalArgumentException e) {
            throw HelmRepositoryException.permanent("chart " + version.name() + " " + version.version() + " in "
                    + describe() + ": urls[0] is not a URL", 0, e);
        }
    }

    HelmHttp http() {
        return http;
    }
}
