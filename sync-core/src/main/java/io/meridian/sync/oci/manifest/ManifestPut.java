package io.meridian.sync.oci.manifest;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.DigestMismatchException;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** {@code PUT /v2/<name>/manifests/<ref>} with the manifest's own Content-Type and its exact bytes. */
public record ManifestPut(RepositoryName repo, Reference ref, ManifestBytes manifest) {

    /** The stored digest, and whether the registry said it indexed the subject ({@code OCI-Subject} header). */
    public record Result(Digest digest, boolean subjectIndexed) {
    }

    public Result execute(RegistryHttp http) {
        if (ref instanceof Reference.DigestReference d && !d.digest().equals(manifest.digest())) {
            throw new IllegalArgumentException("reference " + d + " differs from the manifest's digest " + manifest.digest());
        }
        String action = "put manifest " + manifest.digest() + " to " + ManifestPaths.where(http, repo, ref);
        byte[] bytes = manifest.bytes();
        HttpResponse<InputStream> resp = http.expect(RegistryHttp.Request.of("PUT",
                        ManifestPaths.uri(http, repo, ref), Scopes.push(repo), action)
                .withHeaders(Map.of("Content-Type", manifest.mediaType().value()))
                .withBody(() -> HttpRequest.BodyPublishers.ofByteArray(bytes), true), 201, 200);
        RegistryHttp.drain(resp);
        Digest reported = resp.headers().firstValue("Docker-Content-Digest").map(s -> Digest.parse(s.trim()))
                .orElse(manifest.digest());
        if (reported.algorithm().equals(manifest.digest().algorithm()) && !reported.equals(manifest.digest())) {
            throw new DigestMismatchException(action + " (registry reports a different digest)", manifest.digest(), reported);
        }
        return new Result(manifest.digest(), resp.headers().firstValue("OCI-Subject").isPresent());
    }
}
