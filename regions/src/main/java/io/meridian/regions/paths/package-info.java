/**
 * Choosing the endpoint of a registry per node and piece of work: {@link io.meridian.regions.paths.EndpointRanking}
 * by expected completion time from measured or prior RTT and throughput, within a policy's
 * {@link io.meridian.regions.paths.PathRule}. Plain Java; the engine feeds it its measurements.
 */
package io.meridian.regions.paths;
