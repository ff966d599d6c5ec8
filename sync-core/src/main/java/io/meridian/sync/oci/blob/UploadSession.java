package io.meridian.sync.oci.blob;

import java.net.URI;

/** Where an upload continues (the registry's latest Location, verbatim) and the registry's minimum chunk size. */
record UploadSession(URI location, long minChunk) {

    UploadSession next(URI newLocation) {
        return new UploadSession(newLocation, minChunk);
    }
}
