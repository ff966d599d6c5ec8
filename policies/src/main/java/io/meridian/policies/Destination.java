package io.meridian.policies;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where artifacts go: a registry (by name) and an optional namespace that prefixes every
 * destination repository ({@code team/app} with namespace {@code mirror} becomes
 * {@code mirror/team/app}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Destination(String registry, String namespace) {
}
