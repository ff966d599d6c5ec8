package io.meridian.server.replication;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How nodes sharing one database divide executions ({@code meridian.cluster.*}): each active
 * execution is leased by one node, which renews it; a node resumes another's execution only
 * when its lease has expired.
 *
 * @param nodeId            This node's name, unique among the nodes sharing the database and stable across
 *                          restarts (a restarted node resumes its own executions at once). Empty:
 *                          {@code <hostname>:<server.port>}.
 * @param heartbeatInterval How often a node renews the leases of the executions it runs.
 * @param leaseTimeout      A lease not renewed for this long is stale: its node is taken for dead and another
 *                          resumes the work.
 */
@Validated
@ConfigurationProperties("meridian.cluster")
public record ClusterProperties(
        @DefaultValue("") String nodeId,
        @NotNull @DefaultValue("10s") Duration heartbeatInterval,
        @NotNull @DefaultValue("60s") Duration leaseTimeout) {
}
