package io.meridian.sync.p2p.kraken;

import io.meridian.sync.p2p.internal.EngineHttp;
import java.util.List;

/** {@code GET /health} on the Kraken proxy (proxyserver/server.go; answers "OK"). */
public record Health() {
    public boolean execute(EngineHttp http) {
        return http.send("GET", "/health", null, "Kraken health", List.of()).status() == 200;
    }
}
