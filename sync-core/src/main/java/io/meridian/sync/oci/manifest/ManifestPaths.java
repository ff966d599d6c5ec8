package io.meridian.sync.oci.manifest;

import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.net.URI;

final class ManifestPaths {

    private ManifestPaths() {
    }

    static URI uri(RegistryHttp http, RepositoryName repo, Reference ref) {
        return http.uri("/v2/" + repo.value() + "/manifests/" + ref.value());
    }

    static String where(RegistryHttp http, RepositoryName repo, Reference ref) {
        return http.endpoint().hostPort() + "/" + repo.value()
                + (ref instanceof Reference.Tag ? ":" : "@") + ref.value();
    }
}
