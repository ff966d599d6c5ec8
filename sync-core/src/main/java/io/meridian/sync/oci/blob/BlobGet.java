package io.meridian.sync.oci.blob;

import io.meridian.sync.oci.BlobSource;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.Errors;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * {@code GET /v2/<name>/blobs/<digest>} from {@code offset} ({@code Range: bytes=offset-}), following redirects
 * to storage (Authorization dropped across hosts). The stream is not buffered: the caller reads it through.
 */
public record BlobGet(RepositoryName repo, Digest digest, long offset) {

    public BlobSource execute(RegistryHttp http) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        String action = "get blob " + digest + " from " + BlobPaths.where(http, repo)
                + (offset > 0 ? " at offset " + offset : "");
        RegistryHttp.Request req = RegistryHttp.Request.of("GET", BlobPaths.blob(http, repo, digest), Scopes.pull(repo),
                action).followingRedirects().asTransfer();
        if (offset > 0) {
            req = req.withHeaders(Map.of("Range", "bytes=" + offset + "-"));
        }
        HttpResponse<InputStream> resp = http.expect(req, 200, 206);
        InputStream body = resp.body();
        try {
            if (resp.statusCode() == 206) {
                ByteRange.Content cr = ByteRange.parseContentRange(resp.headers().firstValue("Content-Range").orElse(null))
                        .orElseThrow(() -> new PermanentRegistryException(action + " failed: 206 without a valid Content-Range"));
                if (cr.range().first() != offset) {
                    body.close();
                    throw new PermanentRegistryException(action + " failed: asked for offset " + offset
                            + " but got range " + cr.range().toUploadHeader());
                }
                long total = cr.total() >= 0 ? cr.total() : cr.range().last() + 1;
                return new BlobSource(digest, offset, total, body);
            }
            long size = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (size < 0) {
                body.close();
                throw new PermanentRegistryException(action + " failed: 200 without Content-Length");
            }
            if (offset > 0) {
                // The server ignored Range: skip to the offset ourselves rather than fail.
                body.skipNBytes(offset);
            }
            return new BlobSource(digest, offset, size, body);
        } catch (IOException e) {
            closeQuietly(body);
            throw Errors.fromIo(action, e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already failing
        }
    }
}
