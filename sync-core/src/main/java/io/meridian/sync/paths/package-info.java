/**
 * What this node measures of each registry endpoint ({@link io.meridian.sync.paths.PathEstimates}): plain Java,
 * fed by the transfer path and the probe, read by the endpoint choice.
 */
package io.meridian.sync.paths;
