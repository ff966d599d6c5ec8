package io.meridian.sync.oci.manifest;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.DigestMismatchException;
import io.meridian.sync.oci.InvalidManifestException;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.Errors;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /v2/<name>/manifests/<ref>}: raw bytes, capped at {@code maxBytes}, digest checked against the
 * {@code Docker-Content-Digest} header and against the reference when it is a digest.
 */
public record ManifestGet(RepositoryName repo, Reference ref, int maxBytes) {

    public ManifestBytes execute(RegistryHttp http) {
        String action = "get manifest " + ManifestPaths.where(http, repo, ref);
        HttpResponse<InputStream> resp = http.expect(RegistryHttp.Request.of("GET",
                ManifestPaths.uri(http, repo, ref), Scopes.pull(repo), action)
                .withHeaders(Map.of("Accept", MediaType.MANIFEST_ACCEPT)), 200);
        long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxBytes) {
            RegistryHttp.drain(resp);
            throw tooLarge(action, declared);
        }
        byte[] bytes;
        try (InputStream in = resp.body()) {
            bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge(action, bytes.length);
            }
        } catch (IOException e) {
            throw Errors.fromIo(action, e);
        }
        if (declared >= 0 && declared != bytes.length) {
            throw Errors.fromIo(action, new IOException("truncated body: " + bytes.length + " of " + declared + " bytes"));
        }
        String type = resp.headers().firstValue("Content-Type").orElse(null);
        if (type == null) {
            throw new PermanentRegistryException(action + " failed: response has no Content-Type");
        }
        Optional<Digest> header = resp.headers().firstValue("Docker-Content-Digest").map(s -> Digest.parse(s.trim()));
        Digest expected = ref instanceof Reference.DigestReference d ? d.digest()
                : header.orElseGet(() -> Digest.sha256Of(bytes));
        Digest actual = Digest.of(expected.algorithm(), bytes);
        if (!actual.equals(expected)) {
            throw new DigestMismatchException(action, expected, actual);
        }
        if (header.isPresent() && !header.get().equals(expected)
                && !Digest.of(header.get().algorithm(), bytes).equals(header.get())) {
            throw new DigestMismatchException(action + " (Docker-Content-Digest)", header.get(),
                    Digest.of(header.get().algorithm(), bytes));
        }
        return new ManifestBytes(MediaType.parse(type), bytes, actual);
    }

    private InvalidManifestException tooLarge(String action, long size) {
        return new InvalidManifestException(action + " failed: manifest is " + size + " bytes, more than the "
                + maxBytes + "-byte limit (ClientOptions.maxManifestBytes)");
    }
}
