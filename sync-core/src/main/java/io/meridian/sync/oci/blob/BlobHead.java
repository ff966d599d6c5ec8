package io.meridian.sync.oci.blob;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.Errors;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Optional;

/** {@code HEAD /v2/<name>/blobs/<digest>}: the size if present, empty on 404. */
public record BlobHead(RepositoryName repo, Digest digest) {

    public Optional<Long> execute(RegistryHttp http) {
        String action = "head blob " + digest + " in " + BlobPaths.where(http, repo);
        HttpResponse<InputStream> resp = http.send(RegistryHttp.Request.of("HEAD", BlobPaths.blob(http, repo, digest),
                Scopes.pull(repo), action).followingRedirects());
        RegistryHttp.drain(resp);
        if (resp.statusCode() == 404) {
            return Optional.empty();
        }
        if (resp.statusCode() != 200) {
            throw Errors.fromStatus(action, resp.statusCode(), null, resp.headers().firstValue("Retry-After").orElse(null));
        }
        return Optional.of(resp.headers().firstValueAsLong("Content-Length").orElse(-1));
    }
}
