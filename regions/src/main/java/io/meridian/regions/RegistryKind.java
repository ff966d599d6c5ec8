package io.meridian.regions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What protocol a registry speaks beyond plain OCI distribution; decides auth and listing. */
public enum RegistryKind {
    /** Any OCI distribution / Docker registry v2 (distribution, Harbor, ACR, GHCR…). */
    OCI,
    /** AWS ECR: OCI distribution, authenticated with GetAuthorizationToken. */
    ECR,
    /** A classic Helm chart repository (index.yaml over HTTP). */
    HELM;

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
        throw new IllegalArgumentException("must be one of oci, ecr, helm, was \""
                + (value == null ? "null" : Names.printable(value)) + "\"");
    }
}
