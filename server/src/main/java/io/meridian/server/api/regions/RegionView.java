package io.meridian.server.api.regions;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meridian.regions.Region;
import java.time.Instant;

/**
 * A region as the API shows it: the definition plus when it was created and last changed; {@code nodes} and
 * {@code originBandwidthMbps} only when set.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RegionView(String name, String displayName, String jurisdiction, Instant createdAt, Instant updatedAt,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Integer nodes,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double originBandwidthMbps) {

    public Region region() {
        return new Region(name, displayName, jurisdiction, nodes, originBandwidthMbps);
    }
}
