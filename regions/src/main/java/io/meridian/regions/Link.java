package io.meridian.regions;

import io.meridian.validation.Names;
import io.meridian.validation.Violations;

/**
 * A directed network link between two regions, as measured or configured. Links are directed
 * because real ones are not symmetric (egress pricing, asymmetric routes).
 *
 * @param latencyMs     one-way latency in milliseconds, {@code >= 0}
 * @param bandwidthMbps sustained throughput in megabits per second, {@code > 0}
 * @param costPerGb     what one GB crossing this link costs, {@code >= 0}, any currency
 */
public record Link(String from, String to, double latencyMs, double bandwidthMbps, double costPerGb) {

    public Link {
        Violations v = new Violations();
        Names.check(v, "from", from);
        Names.check(v, "to", to);
        if (from != null && from.equals(to)) {
            v.add("to", "must differ from \"from\" (a region does not link to itself)");
        }
        if (!(latencyMs >= 0) || Double.isInfinite(latencyMs)) {
            v.add("latencyMs", "must be a finite number >= 0");
        }
        if (!(bandwidthMbps > 0) || Double.isInfinite(bandwidthMbps)) {
            v.add("bandwidthMbps", "must be a finite number > 0");
        }
        if (!(costPerGb >= 0) || Double.isInfinite(costPerGb)) {
            v.add("costPerGb", "must be a finite number >= 0");
        }
        v.throwIfAny("link");
    }

    public Link reversed() {
        return new Link(to, from, latencyMs, bandwidthMbps, costPerGb);
    }

    @Override
    public String toString() {
        return from + "->" + to;
    }
}
