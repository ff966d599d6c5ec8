package io.meridian.regions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.meridian.validation.Names;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which implementation of the OCI distribution API a registry is. All speak the same protocol;
 * the kind decides authentication (ECR's GetAuthorizationToken) and vendor quirks. The JSON and
 * database value is the lowercase name.
 */
public enum RegistryKind {
    /** CNCF distribution ({@code registry:2}, Debian {@code docker-registry}) and anything compatible: the default. */
    DISTRIBUTION,
    /** AWS ECR: authenticated with GetAuthorizationToken. */
    ECR,
    HARBOR,
    ACR,
    GCR,
    /** Another OCI-conformant registry. */
    OTHER;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    @JsonCreator
    public static RegistryKind parse(String value) {
        for (RegistryKind kind : values()) {
            if (kind.json().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("must be one of " + accepted() + ", was \""
                + (value == null ? "null" : Names.printable(value)) + "\"");
    }

    public static String accepted() {
        return Arrays.stream(values()).map(RegistryKind::json).collect(Collectors.joining(", "));
    }
}
