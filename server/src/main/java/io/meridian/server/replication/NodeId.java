package io.meridian.server.replication;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name this node leases executions under (see {@link ClusterProperties#nodeId()}). */
public record NodeId(String value) {

    public NodeId {
        if (value == null || value.isBlank() || value.length() > 255) {
            throw new IllegalArgumentException("meridian.cluster.node-id must be 1-255 characters, was '" + value + "'");
        }
    }

    /** The configured id, else {@code <hostname>:<port>}: stable across restarts, distinct per process on a host. */
    public static NodeId of(String configured, String serverPort) {
        if (configured != null && !configured.isBlank()) {
            return new NodeId(configured.strip());
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return new NodeId(host + ":" + (serverPort == null ? "8080" : serverPort));
    }
}
