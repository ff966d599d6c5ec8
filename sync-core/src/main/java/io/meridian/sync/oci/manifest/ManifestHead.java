package io.meridian.sync.oci.manifest;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.DigestMismatchException;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.Errors;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

/** {@code HEAD /v2/<name>/manifests/<ref>} with all four manifest types accepted; empty on 404. */
public record ManifestHead(RepositoryName repo, Reference ref) {

    public Optional<Descriptor> execute(RegistryHttp http) {
        String action = "head manifest " + ManifestPaths.where(http, repo, ref);
        HttpResponse<InputStream> resp = http.send(RegistryHttp.Request.of("HEAD",
                ManifestPaths.uri(http, repo, ref), Scopes.pull(repo), action)
                .withHeaders(Map.of("Accept", MediaType.MANIFEST_ACCEPT)));
        int status = resp.statusCode();
        if (status == 404) {
            RegistryHttp.drain(resp);
            return Optional.empty();
        }
        if (status != 200) {
            throw Errors.fromResponse(action, resp);
        }
        RegistryHttp.drain(resp);
        Optional<String> digestHeader = resp.headers().firstValue("Docker-Content-Digest");
        Optional<String> type = resp.headers().firstValue("Content-Type");
        long size = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
        Digest digest;
        if (digestHeader.isPresent()) {
            digest = Digest.parse(digestHeader.get().trim());
        } else if (ref instanceof Reference.DigestReference d) {
            digest = d.digest();
        } else {
            throw new PermanentRegistryException(action + " failed: no Docker-Content-Digest header on a tag HEAD");
        }
        if (ref instanceof Reference.DigestReference d && !d.digest().equals(digest)) {
            throw new DigestMismatchException(action, d.digest(), digest);
        }
        if (type.isEmpty() || size < 0) {
            throw new PermanentRegistryException(action + " failed: HEAD without Content-Type or Content-Length");
        }
        return Optional.of(new Descriptor(MediaType.parse(type.get()), digest, size));
    }
}
