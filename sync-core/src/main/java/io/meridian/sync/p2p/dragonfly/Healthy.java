package io.meridian.sync.p2p.dragonfly;

import io.meridian.sync.p2p.internal.EngineHttp;
import java.util.List;

/** {@code GET /healthy} on the manager (manager/router/router.go; no token needed). */
public record Healthy() {
    public boolean execute(EngineHttp http) {
        return http.send("GET", "/healthy", null, "Dragonfly health", List.of()).status() == 200;
    }
}
