package io.meridian.sync.p2p;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * What Dragonfly's pkg/oci resolver does for a preheat: parse {@code <scheme>://<registry>/v2/<repo>/manifests/<ref>}
 * (reference.go {@code manifestURLRegexp}), GET it with the job's headers, pick the child of an index matching the
 * platform, and return the blob URLs of the image (config and layers).
 */
final class RegistryResolver {

    private static final Pattern MANIFEST_URL = Pattern.compile("^(https?)://([^/]+)/v2/(.+)/manifests/([^/]+)$");
    private static final String ACCEPT = String.join(",", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    List<String> layers(String url, String platform, String authorization) {
        Matcher m = MANIFEST_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("parse access url failed");
        }
        String base = m.group(1) + "://" + m.group(2) + "/v2/" + m.group(3);
        JsonNode manifest = get(base + "/manifests/" + m.group(4), authorization);
        if (manifest.has("manifests")) {
            String digest = null;
            for (JsonNode d : manifest.path("manifests")) {
                JsonNode p = d.path("platform");
                String plat = p.path("os").asString("") + "/" + p.path("architecture").asString("")
                        + (p.has("variant") ? "/" + p.path("variant").asString() : "");
                if (plat.equals(platform)) {
                    digest = d.path("digest").asString();
                    break;
                }
            }
            if (digest == null) {
                throw new IllegalStateException("no matching manifest for platform " + platform);
            }
            manifest = get(base + "/manifests/" + digest, authorization);
        }
        List<String> blobs = new ArrayList<>();
        blobs.add(base + "/blobs/" + manifest.path("config").path("digest").asString());
        manifest.path("layers").forEach(l -> blobs.add(base + "/blobs/" + l.path("digest").asString()));
        return blobs;
    }

    private JsonNode get(String url, String authorization) {
        authorizations.add(String.valueOf(authorization));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", ACCEPT);
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("resolve manifest " + url + ": status " + r.statusCode());
            }
            return DragonflyContractServer.JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("resolve manifest " + url + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
