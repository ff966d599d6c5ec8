package io.meridian.regions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.meridian.validation.Names;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a registry is. The OCI kinds all speak the distribution API; the kind decides authentication (ECR's
 * GetAuthorizationToken) and vendor quirks. The chart-repository kinds ({@link #chartRepository()}) hold classic Helm
 * charts ({@code index.yaml} + {@code .tgz}) instead. The JSON and database value is {@link #json()}.
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
    OTHER,
    /** Any HTTP(S) Helm chart repository: {@code <url>/index.yaml} and the archives it lists (read-only). */
    HELM_HTTP,
    /** A ChartMuseum server: read as a chart repository, written through {@code /api/charts}. */
    CHARTMUSEUM,
    /** A chart repository kept in an S3 bucket under a prefix (AWS S3 or any S3-compatible store). */
    S3;

    /** {@code helm-http}, {@code chartmuseum}, {@code s3}, {@code distribution}, … */
    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True for the classic Helm chart repository kinds, which are not OCI registries. */
    public boolean chartRepository() {
        return this == HELM_HTTP || this == CHARTMUSEUM || this == S3;
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
