package io.meridian.server.api.p2p;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** An engine as the API shows it: no token, only whether one is stored. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record P2pEngineView(String name, String region, String kind, String url, boolean tokenSet,
                            List<Long> schedulerClusterIds, String scope, int nodes, List<String> platforms,
                            Instant createdAt, Instant updatedAt) {
}
