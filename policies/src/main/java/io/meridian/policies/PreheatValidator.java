package io.meridian.policies;

import io.meridian.validation.Names;
import io.meridian.validation.Violations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks a policy's {@code preheat}: engine names, no duplicates. Whether the engines exist is the server's. */
final class PreheatValidator {

    static final int MAX_ENGINES = 32;

    private PreheatValidator() {
    }

    static void check(Preheat preheat, Violations v) {
        if (preheat == null) {
            return;
        }
        List<String> engines = preheat.engines();
        if (engines.size() > MAX_ENGINES) {
            v.add("preheat.engines", "must list at most " + MAX_ENGINES + " engines, was " + engines.size());
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < engines.size(); i++) {
            String field = "preheat.engines[" + i + "]";
            Names.check(v, field, engines.get(i));
            Integer earlier = engines.get(i) == null ? null : seen.putIfAbsent(engines.get(i), i);
            if (earlier != null) {
                v.add(field, "duplicates preheat.engines[" + earlier + "]");
            }
        }
    }
}
