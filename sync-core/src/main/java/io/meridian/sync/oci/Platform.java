package io.meridian.sync.oci;

import java.util.List;
import java.util.Objects;

/** The platform of an index entry, e.g. linux/amd64 or linux/arm64/v8. */
public record Platform(String os, String architecture, String variant, String osVersion, List<String> osFeatures) {

    public Platform {
        Objects.requireNonNull(os, "platform.os");
        Objects.requireNonNull(architecture, "platform.architecture");
        osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
    }

    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, null, null, List.of());
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
