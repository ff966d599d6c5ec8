package io.meridian.server.security;

import java.time.OffsetDateTime;

/**
 * {@code POST /api/v1/tokens}: {@code {"name","role":"admin|operator|viewer|webhook","expiresAt","registry"}}.
 *
 * @param expiresAt ISO-8601 instant after which the token stops working; null: never
 * @param registry  required for (and only for) a webhook token: the registry whose notifications it posts
 */
public record TokenRequest(String name, String role, OffsetDateTime expiresAt, String registry) {
}
