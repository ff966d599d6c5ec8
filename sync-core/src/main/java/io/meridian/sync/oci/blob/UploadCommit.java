package io.meridian.sync.oci.blob;

import io.meridian.sync.oci.Digest;
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
 * {@code PUT <location>&digest=<d>}: closes an upload, with the whole blob as body (monolithic) or none
 * (after chunks). The registry verifies the digest too and answers 201.
 */
record UploadCommit(RepositoryName repo, Digest digest) {

    void execute(RegistryHttp http, UploadSession session, ChunkStream body, long length, String action) {
        RegistryHttp.Request req = RegistryHttp.Request.of("PUT", BlobPaths.withParam(session.location(), "digest",
                        digest.toString()), Scopes.push(repo), action)
                .withHeaders(Map.of("Content-Type", "application/octet-stream"));
        if (body == null) {
            req = req.withBody(HttpRequest.BodyPublishers::noBody, true);
        } else {
            req = req.withBody(() -> HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> body), length), false).asTransfer();
        }
        HttpResponse<InputStream> resp;
        try {
            resp = http.expect(req, 201, 204);
        } catch (RegistryException e) {
            PermanentRegistryException own = body == null ? null : body.failure();
            throw own != null ? own : e;
        }
        RegistryHttp.drain(resp);
    }
}
