package io.meridian.sync.oci.blob;

import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * {@code PATCH <location>} with one chunk: {@code Content-Range: first-last} (no unit, as the spec says),
 * {@code Content-Type: application/octet-stream}. Returns the next Location. A 416 means the registry disagrees
 * about the offset; the pusher then asks for the upload status.
 */
record UploadPatch(RepositoryName repo, ByteRange range) {

    UploadSession execute(RegistryHttp http, UploadSession session, ChunkStream chunk, String action) {
        RegistryHttp.Request req = RegistryHttp.Request.of("PATCH", session.location(), Scopes.push(repo),
                        action + " (chunk " + range.toUploadHeader() + ")")
                .withHeaders(Map.of("Content-Type", "application/octet-stream",
                        "Content-Range", range.toUploadHeader()))
                .withBody(() -> HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> chunk), range.length()), false)
                .asTransfer();
        HttpResponse<InputStream> resp;
        try {
            resp = http.expect(req, 202, 204);
        } catch (RegistryException e) {
            PermanentRegistryException own = chunk.failure();
            throw own != null ? own : e;
        }
        RegistryHttp.drain(resp);
        return session.next(RegistryHttp.location(resp, action));
    }
}
