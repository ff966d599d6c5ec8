package io.meridian.sync.p2p.kraken;

import io.meridian.sync.p2p.EngineSpec;
import io.meridian.sync.p2p.P2pException;
import io.meridian.sync.p2p.PreheatJob;
import io.meridian.sync.p2p.PreheatResult;
import io.meridian.sync.p2p.PreheatState;
import io.meridian.sync.p2p.PreheatTarget;
import io.meridian.sync.p2p.Preheater;
import io.meridian.sync.p2p.internal.EngineCalls;
import io.meridian.sync.p2p.internal.EngineHttp;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preheats through the Kraken proxy. A single-platform manifest: a push notification, which Kraken accepts without
 * telling what its origins did, so the result is {@code PREHEAT_UNVERIFIED} (Harbor's driver calls that success).
 * An index (the notification endpoint drops it): a v2 prefetch by tag, whose answer says whether the origins took
 * every blob. Kraken's tag parser reads {@code <host>/<namespace>/<name>:<tag>}, exactly two repository components.
 */
public final class KrakenPreheater implements Preheater {

    private static final Logger LOG = LoggerFactory.getLogger(KrakenPreheater.class);

    private final EngineSpec spec;
    private final EngineHttp http;
    private final EngineCalls calls;

    public KrakenPreheater(EngineSpec spec, EngineHttp http, EngineCalls calls) {
        this.spec = spec;
        this.http = http;
        this.calls = calls;
    }

    @Override
    public EngineSpec engine() {
        return spec;
    }

    @Override
    public boolean healthy() {
        try {
            return new Health().execute(http);
        } catch (P2pException e) {
            return false;
        }
    }

    @Override
    public PreheatResult preheat(PreheatTarget target) {
        long start = System.nanoTime();
        PreheatJob job = target.isIndex() ? prefetch(target) : notify(target);
        PreheatResult result = PreheatResult.of(spec.name(), List.of(job), (System.nanoTime() - start) / 1_000_000);
        LOG.info("Kraken {}: preheat of {} ended {}", spec.name(), target, result.state());
        return result;
    }

    private PreheatJob notify(PreheatTarget target) {
        try {
            calls.create("notify", () -> {
                new RegistryNotification(target).execute(http);
                return Boolean.TRUE;
            });
            return new PreheatJob("notification", null, PreheatState.PREHEAT_UNVERIFIED, -1, -1, -1,
                    "Kraken accepted the push notification; its proxy reports nothing about what the origins cached");
        } catch (P2pException e) {
            return new PreheatJob("notification", null, PreheatState.FAILURE, -1, -1, -1, e.getMessage());
        }
    }

    private PreheatJob prefetch(PreheatTarget target) {
        String[] parts = target.repository().value().split("/");
        if (target.tag().isEmpty() || parts.length != 2) {
            return new PreheatJob("prefetch", null, PreheatState.FAILURE, -1, -1, -1, "Kraken prefetch needs a tag and"
                    + " a repository of exactly two components (<namespace>/<name>), got " + target);
        }
        String tag = target.hostPort() + "/" + target.repository().value() + ":" + target.tag().get();
        try {
            Prefetch.Answer a = calls.create("prefetch", () -> new Prefetch(tag, UUID.randomUUID().toString())
                    .execute(http));
            return a.succeeded()
                    ? new PreheatJob("prefetch", null, PreheatState.SUCCESS, -1, -1, -1, null)
                    : new PreheatJob("prefetch", null, PreheatState.FAILURE, -1, -1, -1,
                    "Kraken prefetch " + a.status() + ": " + a.message());
        } catch (P2pException e) {
            return new PreheatJob("prefetch", null, PreheatState.FAILURE, -1, -1, -1, e.getMessage());
        }
    }
}
