package io.meridian.server.triggers;

import io.meridian.server.api.registries.RegistryRepository;
import io.meridian.server.problem.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/webhooks/registries/{registry}}: a source registry's push notifications
 * (the distribution envelope). Answers 202 as soon as the pushes are stored for the debouncer
 * (table {@code pending_pushes}, so a crash after the 202 loses nothing):
 * the registry's notification queue never waits for a replication.
 */
@RestController
@Tag(name = "webhooks")
public class WebhookController {

    /** Counter of notification events by {@code registry} and {@code outcome} (routed, unmatched, ignored). */
    public static final String EVENTS_METRIC = "meridian.webhook.events";
    /** Largest accepted notification body (distribution sends one or a few events per request). */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final RegistryRepository registries;
    private final PushRouter router;
    private final MeterRegistry meters;

    public WebhookController(RegistryRepository registries, PushRouter router, MeterRegistry meters) {
        this.registries = registries;
        this.router = router;
        this.meters = meters;
    }

    @PostMapping("/api/v1/webhooks/registries/{registry}")
    @Operation(summary = "Receive a registry's push notifications (CNCF distribution envelope)",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "application/vnd.docker.distribution.events.v1+json"),
                    @Content(mediaType = "application/json")}))
    public ResponseEntity<Map<String, Object>> receive(@PathVariable("registry") String registry,
                                                       HttpServletRequest request) throws IOException {
        if (registries.find(registry).isEmpty()) {
            throw ApiProblem.notFound("registry", registry);
        }
        NotificationEnvelope.Parsed parsed = NotificationEnvelope.parse(body(request));
        PushRouter.Routed routed = router.route(registry, parsed.pushed());
        count(registry, "routed", parsed.pushed().size() - routed.unmatched());
        count(registry, "unmatched", routed.unmatched());
        count(registry, "ignored", parsed.ignored());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("pushedTags", parsed.pushed().size());
        answer.put("ignoredEvents", parsed.ignored());
        answer.put("policies", routed.policies());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(answer);
    }

    /** The body as UTF-8, refused past {@link #MAX_BODY_BYTES} before it is all read (chunked bodies too). */
    private static String body(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "$",
                        "a notification body may be at most " + MAX_BODY_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private void count(String registry, String outcome, int n) {
        if (n > 0) {
            meters.counter(EVENTS_METRIC, "registry", registry, "outcome", outcome).increment(n);
        }
    }
}
