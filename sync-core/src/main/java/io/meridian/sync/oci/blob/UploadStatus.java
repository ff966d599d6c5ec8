package io.meridian.sync.oci.blob;

import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * {@code GET <location>} → 204 with {@code Range: 0-<last>} and a fresh Location: how many bytes the registry
 * holds, to resume after a broken chunk. Empty when the upload is gone or unusable (restart it).
 */
record UploadStatus(RepositoryName repo) {

    record Progress(UploadSession session, long received) {
    }

    Optional<Progress> execute(RegistryHttp http, UploadSession session, String action) {
        HttpResponse<InputStream> resp = http.send(RegistryHttp.Request.of("GET", session.location(),
                Scopes.push(repo), action + " (upload status)"));
        RegistryHttp.drain(resp);
        if (resp.statusCode() != 204 && resp.statusCode() != 202) {
            return Optional.empty();
        }
        long received = resp.headers().firstValue("Range").flatMap(ByteRange::parseRange)
                // distribution answers "0-0" for an empty upload as well as for one byte; read it as empty.
                .map(r -> r.last() == 0 ? 0L : r.last() + 1).orElse(0L);
        UploadSession next = resp.headers().firstValue("Location").isPresent()
                ? session.next(RegistryHttp.location(resp, action)) : session;
        return Optional.of(new Progress(next, received));
    }
}
