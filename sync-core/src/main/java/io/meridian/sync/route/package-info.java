/**
 * The route step's decisions: for each pending (artifact, destination), which endpoints carry it
 * and why ({@link io.meridian.sync.route.Route}), decided by a {@link io.meridian.sync.route.Router}
 * between plan and transfer and recorded on the task. Plain Java, no Spring.
 */
package io.meridian.sync.route;
