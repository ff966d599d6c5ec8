package io.meridian.server.api.policies;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.meridian.policies.Policy;
import java.time.OffsetDateTime;

/**
 * One stored version of a policy: {@code GET /api/v1/policies/{name}/versions} lists them without
 * {@code policy}; {@code GET …/versions/{n}} includes the definition exactly as it was accepted.
 *
 * @param change    {@code create} or {@code update}
 * @param changedBy the name of the API token that made the change ({@code migration} for
 *                  policies stored before versions existed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyVersionView(String name, int version, String change, String changedBy, OffsetDateTime changedAt,
                                Policy policy) {
}
