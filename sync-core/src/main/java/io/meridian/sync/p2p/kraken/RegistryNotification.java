package io.meridian.sync.p2p.kraken;

import io.meridian.sync.p2p.PreheatTarget;
import io.meridian.sync.p2p.internal.EngineHttp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /registry/notifications} on the Kraken proxy: a distribution notification envelope with one
 * {@code push} event (proxy/proxyserver/registry_events.go {@code Notification}/{@code Event}/{@code Target}; Go
 * decodes the names case-insensitively, we send the registry's own spelling). Kraken keeps only events whose
 * {@code target.mediaType} is an image manifest (preheat.go {@code _manifestRegexp}) and answers 200 whatever its
 * origins then do, so the answer proves delivery, not a warm cache.
 */
public record RegistryNotification(PreheatTarget target) {

    public static final String PATH = "/registry/notifications";
    public static final String MEDIA_TYPE = "application/vnd.docker.distribution.events.v1+json";

    ObjectNode body() {
        ObjectNode root = EngineHttp.JSON.createObjectNode();
        ObjectNode event = root.putArray("events").addObject();
        event.put("id", UUID.randomUUID().toString());
        event.put("timestamp", Instant.now().toString());
        event.put("action", "push");
        ObjectNode t = event.putObject("target");
        t.put("mediaType", target.mediaType());
        t.put("digest", target.digest().toString());
        t.put("repository", target.repository().value());
        t.put("url", target.manifestUrl());
        target.tag().ifPresent(tag -> t.put("tag", tag));
        ObjectNode request = event.putObject("request");
        request.put("method", "PUT");
        request.put("host", target.hostPort());
        request.put("useragent", "meridian");
        event.putObject("source").put("addr", target.hostPort());
        return root;
    }

    public void execute(EngineHttp http) {
        String action = "notify Kraken of push " + target;
        http.expect(http.send("POST", PATH, body(), MEDIA_TYPE, action, List.of()), action, List.of(), 200);
    }
}
