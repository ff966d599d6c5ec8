package io.meridian.sync.oci.blob;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /v2/<name>/blobs/uploads/?mount=<digest>&from=<repo>}: 201 mounted; 202 means the registry started
 * a plain upload instead, which we cancel at once and report false.
 */
public record BlobMount(RepositoryName repo, Digest digest, RepositoryName from) {

    public boolean execute(RegistryHttp http) {
        String action = "mount blob " + digest + " from " + from + " into " + BlobPaths.where(http, repo);
        HttpResponse<InputStream> resp = http.expect(RegistryHttp.Request.of("POST",
                http.uri("/v2/" + repo.value() + "/blobs/uploads/?mount=" + URLEncoder.encode(digest.toString(),
                        StandardCharsets.UTF_8) + "&from=" + URLEncoder.encode(from.value(), StandardCharsets.UTF_8)),
                Scopes.mount(repo, from), action), 201, 202);
        RegistryHttp.drain(resp);
        if (resp.statusCode() == 201) {
            return true;
        }
        if (resp.headers().firstValue("Location").isPresent()) {
            new UploadCancel(repo).execute(http, RegistryHttp.location(resp, action), action);
        }
        return false;
    }
}
