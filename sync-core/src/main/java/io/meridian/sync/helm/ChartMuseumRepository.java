package io.meridian.sync.helm;

import io.meridian.sync.oci.Credentials;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * kind {@code chartmuseum}: read like any HTTP repository ({@code GET <url>/index.yaml}, archives under
 * {@code charts/}) and written through ChartMuseum's API (helm/chartmuseum {@code pkg/chartmuseum/server/multitenant}):
 * {@code GET /api/charts/<name>/<version>} (the version's JSON, with {@code digest}; 404 when absent),
 * {@code POST /api/charts} as {@code multipart/form-data} with the fields {@code chart} and {@code prov}
 * ({@code ?force} to replace; 409 when it exists and may not be replaced), {@code DELETE /api/charts/<name>/<version>}.
 * For a multi-tenant server the repository path goes after {@code /api} ({@code <host>/org/a} → {@code /api/org/a/charts}).
 */
public final class ChartMuseumRepository implements ChartSource, ChartDestination {

    private static final Logger LOG = LoggerFactory.getLogger(ChartMuseumRepository.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HelmHttpRepository reader;
    private final HelmHttp http;
    private final URI api;

    public ChartMuseumRepository(HttpClient client, URI url, Optional<Credentials.Basic> credentials) {
        this.reader = new HelmHttpRepository(client, url, credentials, "chartmuseum");
        this.http = reader.http();
        URI base = http.base();
        String path = base.getRawPath().replaceAll("/+$", "");
        this.api = URI.create(base.getScheme() + "://" + base.getRawAuthority() + "/api" + path + "/charts");
    }

    @Override
    public String describe() {
        return reader.describe();
    }

    @Override
    public IndexFile index() {
        return reader.index();
    }

    @Override
    public InputStream openChart(ChartVersion version) {
        return reader.openChart(version);
    }

    @Override
    public Optional<InputStream> openProvenance(ChartVersion version) {
        return reader.openProvenance(version);
    }

    @Override
    public Optional<ChartDigest> existing(String name, String version) {
        URI uri = versionUri(name, version);
        String action = "GET /api/charts/" + name + "/" + version + " of " + describe();
        HttpResponse<byte[]> response = http.send(http.request(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray(), action);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw HelmRepositoryException.forStatus(action, response.statusCode());
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            JsonNode digest = body.get("digest");
            if (digest == null || digest.isNull()) {
                throw HelmRepositoryException.permanent(action + ": the answer has no digest");
            }
            return Optional.of(ChartDigest.parse(digest.asString()));
        } catch (JacksonException | IllegalArgumentException e) {
            throw HelmRepositoryException.permanent(action + ": the answer is not a chart version: " + e.getMessage(), 200, e);
        }
    }

    @Override
    public void put(List<ChartUpload> uploads, boolean overwrite) {
        for (ChartUpload upload : uploads) {
            post(upload, overwrite);
        }
    }

    private void post(ChartUpload upload, boolean overwrite) {
        ChartVersion v = upload.entry();
        String action = "POST /api/charts " + v.name() + " " + v.version() + " to " + describe();
        Multipart form = new Multipart();
        form.file("chart", v.fileName(), upload.chart().file());
        upload.provenance().ifPresent(p -> form.file("prov", v.fileName() + ".prov", p.file()));
        URI uri = overwrite ? URI.create(api + "?force") : api;
        HttpRequest request = http.request(uri).header("Content-Type", form.contentType()).POST(form.publisher()).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(), action);
        int status = response.statusCode();
        if (status == 201 || status == 200) {
            LOG.info("chart {} {} (sha256 {}) posted to {}", v.name(), v.version(), upload.chart().digest().shortForm(), describe());
            return;
        }
        if (status == 409) {
            throw HelmRepositoryException.permanent(action + ": already exists with other content and the server "
                    + "does not allow overwriting", 409, null);
        }
        throw HelmRepositoryException.forStatus(action + serverError(response.body()), status);
    }

    /** ChartMuseum answers errors as {@code {"error":"..."}}; its text helps the operator (it holds no secret). */
    private static String serverError(String body) {
        try {
            JsonNode error = JSON.readTree(body).get("error");
            if (error != null && error.isString()) {
                String text = error.asString();
                return ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
            }
        } catch (JacksonException ignored) {
            // not JSON: the status says enough
        }
        return "";
    }

    /** {@code DELETE /api/charts/<name>/<version>}; false when it was not there. */
    public boolean delete(String name, String version) {
        String action = "DELETE /api/charts/" + name + "/" + version + " of " + describe();
        HttpResponse<String> response = http.send(http.request(versionUri(name, version)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString(), action);
        if (response.statusCode() == 404) {
            return false;
        }
        if (response.statusCode() / 100 != 2) {
            throw HelmRepositoryException.forStatus(action, response.statusCode());
        }
        return true;
    }

    private URI versionUri(String name, String version) {
        return URI.create(api + "/" + segment(name) + "/" + segment(version));
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%2B");
    }
}
