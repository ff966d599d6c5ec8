package io.meridian.sync.oci.manifest;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.RegistryHttp;

/** {@code DELETE /v2/<name>/manifests/<digest>} (by digest only: distribution rejects tags with 400). */
public record ManifestDelete(RepositoryName repo, Digest digest) {

    public void execute(RegistryHttp http) {
        Reference ref = Reference.digest(digest);
        String action = "delete manifest " + ManifestPaths.where(http, repo, ref);
        RegistryHttp.drain(http.expect(RegistryHttp.Request.of("DELETE", ManifestPaths.uri(http, repo, ref),
                Scopes.delete(repo), action), 202, 200, 204));
    }
}
