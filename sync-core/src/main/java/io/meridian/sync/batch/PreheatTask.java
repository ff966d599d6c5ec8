package io.meridian.sync.batch;

import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;

/** A copied task the preheat step works on: what landed where. */
record PreheatTask(long id, Reference reference, Digest digest, String mediaType, long destinationRegistryId,
                   RepositoryName destinationRepository) {
}
