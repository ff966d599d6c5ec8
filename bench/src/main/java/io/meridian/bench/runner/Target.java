package io.meridian.bench.runner;

import java.util.List;

/**
 * Where a copier reads and writes, as {@code host:port} seen by the copier (a destination behind the WAN proxy is the
 * proxy's address).
 */
public record Target(String source, List<String> destinations) {

    public Target {
        destinations = List.copyOf(destinations);
        if (source == null || destinations.isEmpty()) {
            throw new IllegalArgumentException("source and at least one destination are required");
        }
    }
}
