package io.meridian.server.api.registries;

import java.util.Objects;

/**
 * A registry's definition was replaced or the registry was deleted; published inside the
 * transaction that did it, so listeners (the engine's client cache) act after commit.
 */
public record RegistryChanged(String name, Change change) {

    public enum Change { UPDATED, DELETED }

    public RegistryChanged {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(change, "change");
    }
}
