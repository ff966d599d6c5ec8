package io.meridian.sync.oci.blob;

import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code DELETE <location>}: abandons an upload. Best effort: a failure here only leaves garbage for the registry's GC. */
record UploadCancel(RepositoryName repo) {

    private static final Logger LOG = LoggerFactory.getLogger(UploadCancel.class);

    void execute(RegistryHttp http, URI location, String action) {
        try {
            RegistryHttp.drain(http.send(RegistryHttp.Request.of("DELETE", location, Scopes.push(repo),
                    action + " (cancel upload)")));
        } catch (RegistryException e) {
            LOG.debug("cancelling upload failed: {}", e.getMessage());
        }
    }
}
