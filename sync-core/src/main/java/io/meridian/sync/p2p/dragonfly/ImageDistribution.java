package io.meridian.sync.p2p.dragonfly;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Dragonfly's {@code CreateGetImageDistributionJobResponse} (manager/types/job.go): {@code image.layers[].url} and
 * {@code peers[]} with {@code ip}, {@code hostname}, {@code cached_layers[].url}, {@code scheduler_cluster_id}. The
 * manager lists normal peers only (manager/service/job.go {@code extractPeersFromJobs} skips seed peers).
 */
public record ImageDistribution(List<String> layers, List<Peer> peers) {

    public ImageDistribution {
        layers = List.copyOf(layers);
        peers = List.copyOf(peers);
    }

    public record Peer(String ip, String hostname, Set<String> cachedLayers, long schedulerClusterId) {
        public Peer {
            cachedLayers = Set.copyOf(cachedLayers);
        }
    }

    /** How many of the image's layers at least one peer holds. */
    public int layersCached() {
        return (int) layers.stream().filter(l -> peers.stream().anyMatch(p -> p.cachedLayers().contains(l))).count();
    }

    /** Peers holding every layer of the image. */
    public List<String> peersWithAllLayers() {
        if (layers.isEmpty()) {
            return List.of();
        }
        return peers.stream().filter(p -> p.cachedLayers().containsAll(layers))
                .map(p -> p.ip() + "/" + p.hostname()).toList();
    }

    static ImageDistribution parse(JsonNode n) {
        List<String> layers = new ArrayList<>();
        n.path("image").path("layers").forEach(l -> layers.add(l.path("url").asString("")));
        List<Peer> peers = new ArrayList<>();
        for (JsonNode p : n.path("peers")) {
            Set<String> cached = new LinkedHashSet<>();
            p.path("cached_layers").forEach(l -> cached.add(l.path("url").asString("")));
            peers.add(new Peer(p.path("ip").asString(""), p.path("hostname").asString(""), cached,
                    p.path("scheduler_cluster_id").asLong()));
        }
        return new ImageDistribution(layers, peers);
    }
}
