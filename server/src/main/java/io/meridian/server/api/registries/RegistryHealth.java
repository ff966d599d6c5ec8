package io.meridian.server.api.registries;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The answer of one {@code GET /v2/} to a registry. 200 and 401 both mean the registry is there
 * and speaks the distribution API (401 just asks for credentials).
 *
 * @param status     the HTTP status, or null when no response came back
 * @param apiVersion the {@code Docker-Distribution-API-Version} header, when sent
 * @param error      why there was no usable answer (connection refused, timeout…), else null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RegistryHealth(String registry, String url, boolean reachable, Integer status, long latencyMs,
                             Instant checkedAt, String apiVersion, String error) {
}
