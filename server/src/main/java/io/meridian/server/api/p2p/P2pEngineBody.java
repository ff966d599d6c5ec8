package io.meridian.server.api.p2p;

import java.util.List;

/**
 * {@code POST /api/v1/p2p-engines}: {@code {"name":"df-ldn","region":"eu-london","kind":"dragonfly",
 * "url":"https://dragonfly-manager.ldn:8080","token":"<PAT with scope job>","schedulerClusterIds":[1],
 * "scope":"all_peers","nodes":800,"platforms":["linux/amd64"]}}. The token is write-only (Dragonfly; Kraken needs
 * none); {@code scope} defaults to single_seed_peer (Dragonfly's default), {@code platforms} to every child platform.
 */
public record P2pEngineBody(String name, String region, String kind, String url, String token,
                            List<Long> schedulerClusterIds, String scope, Integer nodes, List<String> platforms) {

    @Override
    public String toString() { // never print the token, not even by accident
        return "P2pEngineBody[name=" + name + ", region=" + region + ", kind=" + kind + ", url=" + url
                + ", schedulerClusterIds=" + schedulerClusterIds + ", scope=" + scope + ", nodes=" + nodes + "]";
    }
}
