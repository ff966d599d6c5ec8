package io.meridian.bench.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The few OCI distribution calls the harness makes itself (loading data, the upload and HEAD floors), over plain
 * HTTP/1.1 keep-alive with the JDK client. Anonymous loopback registries only; no retries: a failure is reported.
 */
public final class RegistryHttp {

    /** All four manifest types every time (distribution 2.8.2 rewrites or hides manifests otherwise). */
    public static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.list.v2+json");

    private final HttpClient client;

    public RegistryHttp() {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public boolean blobExists(URI registry, String repo, String digest) {
        HttpResponse<Void> r = send(HttpRequest.newBuilder(registry.resolve("/v2/" + repo + "/blobs/" + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), "HEAD blob " + digest + " in " + repo);
        return r.statusCode() == 200;
    }

    /** Monolithic upload: POST for a session, then PUT the file's bytes with {@code ?digest=}. */
    public void uploadBlob(URI registry, String repo, String digest, Path file) {
        URI location = startUpload(registry, repo);
        putBlob(location, repo, digest, fileBody(file));
    }

    /**
     * Cross-repository mount; {@code true} when the registry answered 201. On 202 it opened an upload session
     * instead, which is completed with the file's bytes.
     */
    public boolean mountOrUpload(URI registry, String repo, String digest, String from, Path file) {
        HttpResponse<Void> r = send(HttpRequest.newBuilder(registry.resolve("/v2/" + repo + "/blobs/uploads/?mount="
                + digest + "&from=" + from)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                "mount " + digest + " from " + from + " into " + repo);
        if (r.statusCode() == 201) {
            return true;
        }
        expect(r, 202, "mount " + digest + " into " + repo);
        putBlob(location(registry, r), repo, digest, fileBody(file));
        return false;
    }

    /** Opens an upload session and returns its (absolute) location. */
    public URI startUpload(URI registry, String repo) {
        HttpResponse<Void> r = send(HttpRequest.newBuilder(registry.resolve("/v2/" + repo + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), "start upload in " + repo);
        expect(r, 202, "start upload in " + repo);
        return location(registry, r);
    }

    public void putManifest(URI registry, String repo, String reference, String mediaType, byte[] bytes) {
        HttpResponse<Void> r = send(HttpRequest.newBuilder(registry.resolve("/v2/" + repo + "/manifests/" + reference))
                .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                "PUT manifest " + repo + ":" + reference);
        expect(r, 201, "PUT manifest " + repo + ":" + reference);
    }

    /** HEAD a manifest; returns the status code. */
    public int headManifest(URI registry, String repo, String reference) {
        return send(HttpRequest.newBuilder(registry.resolve("/v2/" + repo + "/manifests/" + reference))
                .header("Accept", ACCEPT).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                "HEAD manifest " + repo + ":" + reference).statusCode();
    }

    /** The digest a tag resolves to ({@code Docker-Content-Digest} of a HEAD), or {@code null} when absent. */
    public String manifestDigest(URI registry, String repo, String reference) {
        HttpResponse<Void> r = send(HttpRequest.newBuilder(registry.resolve("/v2/" + repo + "/manifests/" + reference))
                .header("Accept", ACCEPT).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                "HEAD manifest " + repo + ":" + reference);
        return r.statusCode() == 200 ? r.headers().firstValue("Docker-Content-Digest").orElse(null) : null;
    }

    private void putBlob(URI location, String repo, String digest, HttpRequest.BodyPublisher body) {
        String sep = location.getRawQuery() == null ? "?" : "&";
        HttpResponse<Void> r = send(HttpRequest.newBuilder(URI.create(location + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream").PUT(body).build(),
                "push blob " + digest + " to " + repo);
        expect(r, 201, "push blob " + digest + " to " + repo);
    }

    private static URI location(URI registry, HttpResponse<?> r) {
        String loc = r.headers().firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("upload answered without Location: " + r.uri()));
        return registry.resolve(loc);
    }

    private HttpResponse<Void> send(HttpRequest request, String action) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(action + " at " + request.uri().getAuthority() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(action + " interrupted", e);
        }
    }

    private static void expect(HttpResponse<?> r, int status, String action) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(action + " at " + r.uri().getAuthority() + " failed: HTTP " + r.statusCode());
        }
    }

    private static HttpRequest.BodyPublisher fileBody(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("blob file missing: " + file, e);
        }
    }
}
