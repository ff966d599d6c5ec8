package io.meridian.server.api.executions;

import java.util.List;

/** A page of a listing: {@code page} is 0-based. */
public record Page<T>(List<T> items, int page, int size, long total) {
}
