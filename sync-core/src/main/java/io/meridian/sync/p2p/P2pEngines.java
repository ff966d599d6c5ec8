package io.meridian.sync.p2p;

import io.meridian.sync.oci.AddressGuard;
import io.meridian.sync.p2p.dragonfly.DragonflyPreheater;
import io.meridian.sync.p2p.internal.EngineCalls;
import io.meridian.sync.p2p.internal.EngineHttp;
import io.meridian.sync.p2p.kraken.KrakenPreheater;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens a {@link Preheater} per engine and keeps it, so every preheat of one engine shares its rate limiter
 * (Dragonfly refuses job creations beyond its per-cluster rate). Thread-safe.
 */
public final class P2pEngines {

    private final PreheatSettings settings;
    private final HttpClient http;
    private final Map<String, Preheater> open = new ConcurrentHashMap<>();
    private final AddressGuard guard;

    public P2pEngines(PreheatSettings settings) {
        this(settings, AddressGuard.ALLOW_ALL);
    }

    /** @param guard the SSRF guard, asked before every request to an engine */
    public P2pEngines(PreheatSettings settings, AddressGuard guard) {
        this.settings = settings;
        this.guard = guard;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The preheater of {@code spec}; a changed spec (same name) gets a new one. */
    public Preheater preheater(EngineSpec spec) {
        return open.compute(spec.name(), (name, existing) ->
                existing != null && existing.engine().equals(spec) ? existing : create(spec));
    }

    private Preheater create(EngineSpec spec) {
        EngineHttp engineHttp = new EngineHttp(http, spec.base(), spec.token(), settings.requestTimeout(), guard);
        EngineCalls calls = new EngineCalls(spec.name(), settings);
        return switch (spec.kind()) {
            case DRAGONFLY -> new DragonflyPreheater(spec, engineHttp, calls, settings);
            case KRAKEN -> new KrakenPreheater(spec, engineHttp, calls);
        };
    }

    public PreheatSettings settings() {
        return settings;
    }
}
