package io.meridian.server.replication;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How nodes sharing one database divide executions ({@code meridian.cluster.*}): each active
 * execution is leased by one node, which renews it; a node resumes another's execution only
 * when its lease has expired.
 */
@Validated
@ConfigurationProperties("meridian.cluster")
public class ClusterProperties {

    /**
     * This node's name, unique among the nodes sharing the database and stable across restarts
     * (a restarted node resumes its own executions at once). Empty: {@code <hostname>:<server.port>}.
     */
    private String nodeId = "";

    /** How often a node renews the leases of the executions it runs. */
    @NotNull
    private Duration heartbeatInterval = Duration.ofSeconds(10);

    /** A lease not renewed for this long is stale: its node is taken for dead and another resumes the work. */
    @NotNull
    private Duration leaseTimeout = Duration.ofSeconds(60);

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public Duration getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getLeaseTimeout() {
        return leaseTimeout;
    }

    public void setLeaseTimeout(Duration leaseTimeout) {
        this.leaseTimeout = leaseTimeout;
    }
}
