package io.meridian.sync.oci.blob;

import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.io.InputStream;
import java.net.http.HttpResponse;

/** {@code POST /v2/<name>/blobs/uploads/} → 202 + Location (+ {@code OCI-Chunk-Min-Length}). */
record UploadInitiate(RepositoryName repo) {

    UploadSession execute(RegistryHttp http, String action) {
        HttpResponse<InputStream> resp = http.expect(RegistryHttp.Request.of("POST", BlobPaths.uploads(http, repo),
                Scopes.push(repo), action), 202);
        RegistryHttp.drain(resp);
        long min = resp.headers().firstValueAsLong("OCI-Chunk-Min-Length").orElse(0);
        return new UploadSession(RegistryHttp.location(resp, action), Math.max(0, min));
    }
}
