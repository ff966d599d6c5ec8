package io.meridian.sync.transfer;

import io.meridian.regions.paths.EndpointRanking;
import io.meridian.sync.oci.PermanentRegistryException;

/** No endpoint of a registry may be used by this node under the policy: the task fails {@code NO_PATH}. */
public final class NoPathException extends PermanentRegistryException {

    public NoPathException(String registry, EndpointRanking.Ranking ranking) {
        super("no usable path to registry " + registry + ": " + ranking.refusedText());
    }
}
