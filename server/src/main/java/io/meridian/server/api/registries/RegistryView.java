package io.meridian.server.api.registries;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meridian.regions.RegistryDefinition;
import io.meridian.regions.RegistryKind;
import java.time.Instant;
import java.util.List;

/**
 * A registry as the API shows it. There is deliberately no password field: {@code passwordSet}
 * says whether one is stored, and that is all anyone gets back. {@code s3} appears for kind {@code s3} only,
 * {@code endpoints} when the registry has any besides its url.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RegistryView(String name, String region, String url, boolean insecure, RegistryKind kind, String caBundle,
                           String username, boolean passwordSet, Instant createdAt, Instant updatedAt,
                           @JsonInclude(JsonInclude.Include.NON_NULL) S3View s3,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<EndpointBody> endpoints) {

    public RegistryDefinition definition() {
        return new RegistryDefinition(name, region, url, insecure, kind);
    }
}
