package io.meridian.sync.oci.blob;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

final class BlobPaths {

    private BlobPaths() {
    }

    static URI blob(RegistryHttp http, RepositoryName repo, Digest digest) {
        return http.uri("/v2/" + repo.value() + "/blobs/" + digest);
    }

    static URI uploads(RegistryHttp http, RepositoryName repo) {
        return http.uri("/v2/" + repo.value() + "/blobs/uploads/");
    }

    /** Adds a query parameter to an upload Location, keeping the Location's own query (opaque state) verbatim. */
    static URI withParam(URI location, String name, String value) {
        String s = location.toString();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        String sep = location.getRawQuery() == null ? "?" : "&";
        return URI.create(s + sep + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    static String where(RegistryHttp http, RepositoryName repo) {
        return http.endpoint().hostPort() + "/" + repo.value();
    }
}
