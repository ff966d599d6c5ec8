package io.meridian.policies;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.Names;
import io.meridian.validation.Violations;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Checks a {@link Policy} and reports every problem with its field path
 * ({@code source.repositories[1]}, {@code tags.include[0]}, {@code destinations}). Whether the
 * named registries exist is for the caller (the server) to check; this is what can be said from
 * the policy alone.
 */
public final class PolicyValidator {

    /** An OCI repository path: lowercase components joined by '.', '_', '__' or dashes, separated by '/'. */
    private static final Pattern NAMESPACE =
            Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final int MAX_NAMESPACE = 128;

    private PolicyValidator() {
    }

    public static List<FieldViolation> validate(Policy policy) {
        Violations v = new Violations();
        if (policy == null) {
            return v.add("$", "a policy is required").list();
        }
        Names.check(v, "name", policy.name());
        checkSource(policy.source(), v);
        checkTags(policy.tags(), v);
        checkDestinations(policy, v);
        checkTrigger(policy.trigger(), v);
        return v.list();
    }

    private static void checkSource(Source source, Violations v) {
        if (source == null) {
            v.add("source", "must not be empty");
            return;
        }
        Names.check(v, "source.registry", source.registry());
        if (source.repositories() == null || source.repositories().isEmpty()) {
            v.add("source.repositories", "must not be empty (use [\"**\"] for every repository)");
            return;
        }
        for (int i = 0; i < source.repositories().size(); i++) {
            String problem = RepositoryGlob.problem(source.repositories().get(i));
            if (problem != null) {
                v.add("source.repositories[" + i + "]", problem);
            }
        }
    }

    private static void checkTags(TagFilter tags, Violations v) {
        if (tags.include().isEmpty()) {
            v.add("tags.include", "must not be empty (use [\".*\"] for every tag)");
        }
        checkRegexes("tags.include", tags.include(), v);
        checkRegexes("tags.exclude", tags.exclude(), v);
    }

    private static void checkRegexes(String field, List<String> regexes, Violations v) {
        for (int i = 0; i < regexes.size(); i++) {
            String problem = TagPattern.problem(regexes.get(i));
            if (problem != null) {
                v.add(field + "[" + i + "]", problem);
            }
        }
    }

    private static void checkDestinations(Policy policy, Violations v) {
        List<Destination> destinations = policy.destinations();
        if (destinations == null || destinations.isEmpty()) {
            v.add("destinations", "must not be empty");
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        String sourceRegistry = policy.source() == null ? null : policy.source().registry();
        for (int i = 0; i < destinations.size(); i++) {
            String field = "destinations[" + i + "]";
            Destination d = destinations.get(i);
            if (d == null) {
                v.add(field, "must not be null");
                continue;
            }
            Names.check(v, field + ".registry", d.registry());
            String ns = d.namespace();
            if (ns != null && (ns.length() > MAX_NAMESPACE || !NAMESPACE.matcher(ns).matches())) {
                v.add(field + ".namespace", "must be a repository path of lowercase components separated by '/' (at most "
                        + MAX_NAMESPACE + " characters), e.g. \"mirror/hz\", was \"" + Names.printable(ns) + "\"");
            }
            if (d.registry() != null && d.registry().equals(sourceRegistry) && ns == null) {
                v.add(field + ".registry", "is the source registry; copying a registry onto itself needs a namespace");
            }
            Integer earlier = seen.putIfAbsent(d.registry() + "\n" + ns, i);
            if (earlier != null) {
                v.add(field, "duplicates destinations[" + earlier + "]");
            }
        }
    }

    private static void checkTrigger(Trigger trigger, Violations v) {
        if (trigger instanceof Trigger.Cron cron) {
            if (cron.cron() == null || cron.cron().isBlank()) {
                v.add("trigger.cron", "must not be empty, e.g. \"0 0/5 * * * ?\" (Quartz syntax, seconds first)");
                return;
            }
            try {
                CronExpression.validateExpression(cron.cron());
            } catch (ParseException e) {
                v.add("trigger.cron", "not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year]): "
                        + Names.printable(String.valueOf(e.getMessage())) + " in \"" + Names.printable(cron.cron()) + "\"");
            }
        } else if (trigger instanceof Trigger.Event event) {
            int seconds = event.debounceSeconds();
            if (seconds < 0 || seconds > Trigger.Event.MAX_DEBOUNCE_SECONDS) {
                v.add("trigger.debounceSeconds", "must be between 0 and " + Trigger.Event.MAX_DEBOUNCE_SECONDS + ", was " + seconds);
            }
        }
        // Trigger.Manual has nothing to check.
    }
}
