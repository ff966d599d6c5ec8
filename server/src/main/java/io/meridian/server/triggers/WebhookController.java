package io.meridian.server.triggers;

import io.meridian.server.api.registries.RegistryRepository;
import io.meridian.server.problem.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/webhooks/registries/{registry}}: a source registry's push notifications
 * (the distribution envelope). Answers 202 as soon as the pushes are routed to the debouncer:
 * the registry's notification queue never waits for a replication.
 */
@RestController
@Tag(name = "webhooks")
public class WebhookController {

    /** Counter of notification events by {@code registry} and {@code outcome} (routed, unmatched, ignored). */
    public static final String EVENTS_METRIC = "meridian.webhook.events";

    private final RegistryRepository registries;
    private final PushRouter router;
    private final MeterRegistry meters;

    public WebhookController(RegistryRepository registries, PushRouter router, MeterRegistry meters) {
        this.registries = registries;
        this.router = router;
        this.meters = meters;
    }

    @PostMapping("/api/v1/webhooks/registries/{registry}")
    @Operation(summary = "Receive a registry's push notifications (CNCF distribution envelope)")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable("registry") String registry,
                                                       @RequestBody(required = false) String body) {
        if (registries.find(registry).isEmpty()) {
            throw ApiProblem.notFound("registry", registry);
        }
        NotificationEnvelope.Parsed parsed = NotificationEnvelope.parse(body);
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

    private void count(String registry, String outcome, int n) {
        if (n > 0) {
            meters.counter(EVENTS_METRIC, "registry", registry, "outcome", outcome).increment(n);
        }
    }
}
