package io.meridian.regions.paths;

import io.meridian.regions.EndpointKind;
import io.meridian.regions.Link;

/**
 * What an endpoint is assumed to do before it is measured: the configured region link between this node's region
 * and the registry's (latency, bandwidth), adjusted by the endpoint's kind. A VPC endpoint stays inside the region
 * (short, wide); an accelerated one rides a dedicated link (shorter and several times wider than the public
 * internet path the link describes).
 */
public record Prior(double rttMs, double throughputMBps) {

    /** No link configured: a plain internet path. */
    public static final Prior UNKNOWN_LINK = new Prior(100, 10);
    /** Node and registry in the same region. */
    public static final Prior SAME_REGION = new Prior(5, 100);

    public Prior {
        if (!(rttMs >= 0) || !(throughputMBps > 0)) {
            throw new IllegalArgumentException("a prior needs rttMs >= 0 and throughputMBps > 0");
        }
    }

    /** A configured link: its latency is taken as one way (RTT = 2 ×), its bandwidth in Mbit/s. */
    public static Prior of(Link link) {
        return new Prior(2 * link.latencyMs(), link.bandwidthMbps() / 8);
    }

    /** This prior for an endpoint of {@code kind}. */
    public Prior forKind(EndpointKind kind) {
        return switch (kind) {
            case PUBLIC -> this;
            case VPC -> new Prior(Math.min(rttMs, SAME_REGION.rttMs), Math.max(throughputMBps, SAME_REGION.throughputMBps));
            case ACCELERATED -> new Prior(rttMs * 0.6, throughputMBps * 4);
        };
    }
}
