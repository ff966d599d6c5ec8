package io.meridian.regions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.meridian.validation.Names;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an endpoint of a registry is reached: over the internet ({@code public}), from inside the registry's own
 * region only ({@code vpc}), or over a dedicated cross-border link ({@code accelerated}). The kind only sets the
 * prior estimate of an endpoint until it is measured; what it may be used from is {@code reachableFrom}.
 */
public enum EndpointKind {
    PUBLIC,
    VPC,
    ACCELERATED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    @JsonCreator
    public static EndpointKind parse(String value) {
        for (EndpointKind kind : values()) {
            if (kind.json().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("must be one of " + Arrays.stream(values()).map(EndpointKind::json)
                .collect(Collectors.joining(", ")) + ", was \"" + (value == null ? "null" : Names.printable(value))
                + "\"");
    }
}
