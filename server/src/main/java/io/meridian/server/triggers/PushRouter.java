package io.meridian.server.triggers;

import io.meridian.policies.Policy;
import io.meridian.policies.PolicyEvaluator;
import io.meridian.policies.Trigger;
import io.meridian.server.api.policies.PolicyRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each pushed tag to every event policy whose source is the notifying registry and whose
 * repository globs and tag patterns (excludes included) take it.
 */
public class PushRouter {

    private static final Logger LOG = LoggerFactory.getLogger(PushRouter.class);

    /** What one notification did: how many tags went to which policies, how many matched none. */
    public record Routed(Map<String, Integer> policies, int unmatched) {
    }

    private final PolicyRepository policies;
    private final EventDebouncer debouncer;

    public PushRouter(PolicyRepository policies, EventDebouncer debouncer) {
        this.policies = policies;
        this.debouncer = debouncer;
    }

    public Routed route(String registry, List<PushedTag> pushed) {
        Map<String, Integer> routed = new LinkedHashMap<>();
        if (pushed.isEmpty()) {
            return new Routed(routed, 0);
        }
        boolean[] matched = new boolean[pushed.size()];
        for (Policy policy : policies.list()) {
            if (!(policy.trigger() instanceof Trigger.Event event) || !registry.equals(policy.source().registry())) {
                continue;
            }
            PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
            List<PushedTag> taken = new ArrayList<>();
            for (int i = 0; i < pushed.size(); i++) {
                PushedTag tag = pushed.get(i);
                if (evaluator.matchesRepository(tag.repository()) && evaluator.matchesTag(tag.tag())) {
                    taken.add(tag);
                    matched[i] = true;
                }
            }
            if (!taken.isEmpty()) {
                debouncer.offer(policy.name(), Duration.ofSeconds(event.debounceSeconds()), taken);
                routed.put(policy.name(), taken.size());
            }
        }
        int unmatched = 0;
        for (boolean m : matched) {
            unmatched += m ? 0 : 1;
        }
        LOG.info("registry {} notified {} pushed tags: {} for {}, {} matched no event policy", registry, pushed.size(),
                pushed.size() - unmatched, routed.keySet(), unmatched);
        return new Routed(routed, unmatched);
    }
}
