package io.meridian.sync.oci.listing;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.FallbackTag;
import io.meridian.sync.oci.InvalidManifestException;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.ManifestBytes;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.Errors;
import io.meridian.sync.oci.internal.RegistryHttp;
import io.meridian.sync.oci.manifest.ManifestGet;
import io.meridian.sync.oci.manifest.ManifestHead;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manifests that name {@code subject} as their subject: {@code GET /v2/<name>/referrers/<digest>} when the
 * registry has the API; on 404 the fallback tag {@code <alg>-<hex>} (spec "referrers tag schema"), an index.
 * A registry known to lack the API ({@link ReferrersApiSupport}) is not asked again, and a caller that listed the
 * repository's tags says whether the fallback tag is among them ({@link FallbackTag}), sparing its HEAD.
 */
public record Referrers(RepositoryName repo, Digest subject, int maxManifestBytes, ReferrersApiSupport api,
                        FallbackTag fallbackTag) {

    /** The fallback tag for a subject: {@code sha256-<hex>}. */
    public static Reference.Tag fallbackTag(Digest subject) {
        String t = subject.algorithm() + "-" + subject.hex();
        return Reference.tag(t.length() > 128 ? t.substring(0, 128) : t);
    }

    public List<Descriptor> execute(RegistryHttp http) {
        if (!api.knownMissing()) {
            Optional<List<Descriptor>> fromApi = fromApi(http);
            if (fromApi.isPresent()) {
                return fromApi.get();
            }
        }
        if (fallbackTag == FallbackTag.NOT_LISTED) {
            return List.of();
        }
        Reference.Tag tag = fallbackTag(subject);
        if (fallbackTag == FallbackTag.UNKNOWN && new ManifestHead(repo, tag).execute(http).isEmpty()) {
            return List.of();
        }
        return indexEntries(new ManifestGet(repo, tag, maxManifestBytes).execute(http));
    }

    /** The API's answer; empty when the registry has no referrers API (404). */
    private Optional<List<Descriptor>> fromApi(RegistryHttp http) {
        String action = "list referrers of " + subject + " in " + http.endpoint().hostPort() + "/" + repo.value();
        HttpResponse<InputStream> resp = http.send(RegistryHttp.Request.of("GET",
                        http.uri("/v2/" + repo.value() + "/referrers/" + subject), Scopes.pull(repo), action)
                .withHeaders(Map.of("Accept", MediaType.OCI_INDEX.value())));
        if (resp.statusCode() == 200) {
            byte[] body;
            try (InputStream in = resp.body()) {
                body = in.readNBytes(maxManifestBytes + 1);
            } catch (IOException e) {
                throw Errors.fromIo(action, e);
            }
            if (body.length > maxManifestBytes) {
                throw new InvalidManifestException(action + " failed: referrers index larger than " + maxManifestBytes);
            }
            api.answered200();
            return Optional.of(indexEntries(ManifestBytes.of(MediaType.OCI_INDEX, body)));
        }
        if (resp.statusCode() != 404) {
            throw Errors.fromResponse(action, resp);
        }
        RegistryHttp.drain(resp);
        api.answered404();
        return Optional.empty();
    }

    private static List<Descriptor> indexEntries(ManifestBytes bytes) {
        Manifest m = bytes.parse();
        if (m instanceof Manifest.ImageIndex index) {
            return index.manifests();
        }
        throw new InvalidManifestException("referrers list " + bytes.digest() + " is not an index");
    }
}
