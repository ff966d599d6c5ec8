package io.meridian.policies;

import com.google.re2j.Pattern;
import io.meridian.validation.FieldViolation;
import io.meridian.validation.Names;
import io.meridian.validation.Violations;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.quartz.CronExpression;

/**
 * Checks a {@link Policy} and reports every problem with its field path
 * ({@code source.repositories[1]}, {@code tags.include[0]}, {@code destinations}). Whether the
 * named registries exist is for the caller (the server) to check; this is what can be said from
 * the policy alone. Every pattern in a policy is RE2 (tags) or a linear-time glob (repositories).
 */
public final class PolicyValidator {

    /** An OCI repository path: lowercase components joined by '.', '_', '__' or dashes, separated by '/'. */
    private static final Pattern NAMESPACE =
            Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    private static final int MAX_NAMESPACE = 128;
    /** An OCI digest Meridian can verify: sha256 or sha512, lowercase hex. */
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");
    /** More than this many explicit digests is a list to keep elsewhere, not a policy. */
    public static final int MAX_DIGESTS = 1000;
    /** The most frequent schedule a policy may have unless the caller says otherwise. */
    public static final Duration DEFAULT_MIN_CRON_INTERVAL = Duration.ofMinutes(1);

    private PolicyValidator() {
    }

    /** {@link #validate(Policy, Duration)} with {@link #DEFAULT_MIN_CRON_INTERVAL}. */
    public static List<FieldViolation> validate(Policy policy) {
        return validate(policy, DEFAULT_MIN_CRON_INTERVAL);
    }

    /**
     * @param minCronInterval a cron trigger may not fire more often than this (zero: no limit)
     */
    public static List<FieldViolation> validate(Policy policy, Duration minCronInterval) {
        Violations v = new Violations();
        if (policy == null) {
            return v.add("$", "a policy is required").list();
        }
        Names.check(v, "name", policy.name());
        checkSource(policy.source(), v);
        checkTags(policy.tags(), v);
        CopyRuleChecks.checkArtifacts(policy.artifacts(), v);
        CopyRuleChecks.checkPlatforms(policy.platforms(), v);
        checkDestinations(policy, v);
        checkTrigger(policy.trigger(), minCronInterval, v);
        checkGate(policy.gate(), v);
        PreheatValidator.check(policy.preheat(), v);
        checkRunning(policy, v);
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
        checkGlobs("source.repositories", source.repositories(), v);
        checkGlobs("source.exclude", source.exclude(), v);
    }

    private static void checkGlobs(String field, List<String> globs, Violations v) {
        for (int i = 0; i < globs.size(); i++) {
            String problem = RepositoryGlob.problem(globs.get(i));
            if (problem != null) {
                v.add(field + "[" + i + "]", problem);
            }
        }
    }

    private static void checkTags(TagFilter tags, Violations v) {
        if (tags.include().isEmpty()) {
            v.add("tags.include", "must not be empty (use [\".*\"] for every tag)");
        }
        checkRegexes("tags.include", tags.include(), v);
        checkRegexes("tags.exclude", tags.exclude(), v);
        if (tags.semver() != null) {
            String problem = SemverRange.problem(tags.semver());
            if (problem != null) {
                v.add("tags.semver", problem);
            }
        }
        if (tags.latest() != null && tags.latest() < 1) {
            v.add("tags.latest", "must be at least 1 (leave it out to keep every tag), was " + tags.latest());
        }
        if (tags.digests().size() > MAX_DIGESTS) {
            v.add("tags.digests", "must list at most " + MAX_DIGESTS + " digests, was " + tags.digests().size());
        }
        for (int i = 0; i < tags.digests().size(); i++) {
            String digest = tags.digests().get(i);
            if (digest == null || !DIGEST.matches(digest)) {
                v.add("tags.digests[" + i + "]", "must be a manifest digest \"sha256:<64 lowercase hex>\" (or sha512:<128>), was \""
                        + Names.printable(String.valueOf(digest)) + "\"");
            }
        }
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
            if (ns != null && (ns.length() > MAX_NAMESPACE || !NAMESPACE.matches(ns))) {
                v.add(field + ".namespace", "must be a repository path of lowercase components separated by '/' (at most "
                        + MAX_NAMESPACE + " characters), e.g. \"mirror/hz\", was \"" + Names.printable(ns) + "\"");
            }
            CopyRuleChecks.checkDestination(d, field, v);
            if (d.registry() != null && d.registry().equals(sourceRegistry) && ns == null && d.rename() == null) {
                v.add(field + ".registry", "is the source registry; copying a registry onto itself needs a namespace"
                        + " or a rename");
            }
            Paths.check(field + ".paths", d.paths(), v);
            Integer earlier = seen.putIfAbsent(d.registry() + "\n" + ns + "\n" + d.rename(), i);
            if (earlier != null) {
                v.add(field, "duplicates destinations[" + earlier + "]");
            }
        }
    }

    private static void checkTrigger(Trigger trigger, Duration minCronInterval, Violations v) {
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
                return;
            }
            checkCadence(cron.cron(), minCronInterval, v);
        } else if (trigger instanceof Trigger.Event event) {
            int seconds = event.debounceSeconds();
            if (seconds < 0 || seconds > Trigger.Event.MAX_DEBOUNCE_SECONDS) {
                v.add("trigger.debounceSeconds", "must be between 0 and " + Trigger.Event.MAX_DEBOUNCE_SECONDS + ", was " + seconds);
            }
        }
        // Trigger.Manual has nothing to check.
    }

    private static void checkGate(Gate gate, Violations v) {
        if (gate == null) {
            return;
        }
        if (gate.maxSeverity() == null || !Gate.SEVERITIES.contains(gate.maxSeverity())) {
            v.add("gate.maxSeverity", "must be one of " + String.join(", ", Gate.SEVERITIES) + ", was "
                    + (gate.maxSeverity() == null ? "missing" : "\"" + Names.printable(gate.maxSeverity()) + "\""));
        }
        if (!Gate.ON_MISSING_REPORT.contains(gate.onMissingReport())) {
            v.add("gate.onMissingReport", "must be one of " + String.join(", ", Gate.ON_MISSING_REPORT) + ", was \""
                    + Names.printable(gate.onMissingReport()) + "\"");
        }
    }

    private static void checkCadence(String cron, Duration minCronInterval, Violations v) {
        if (minCronInterval.isZero() || minCronInterval.isNegative()) {
            return;
        }
        Duration gap;
        try {
            gap = CronCadence.shortestGap(cron, Instant.now(), minCronInterval);
        } catch (ParseException | RuntimeException e) {
            // validateExpression accepted it; Quartz can still fail to compute firings (e.g. "31 2")
            v.add("trigger.cron", "Quartz cannot compute when \"" + Names.printable(cron) + "\" fires: "
                    + Names.printable(String.valueOf(e.getMessage())));
            return;
        }
        if (gap != null && gap.compareTo(minCronInterval) < 0) {
            v.add("trigger.cron", "fires every " + human(gap) + " at its most frequent, more often than the minimum interval of "
                    + human(minCronInterval) + " (meridian.policies.min-cron-interval); e.g. \"0 0/5 * * * ?\" runs every 5 minutes"
                    + ", in \"" + Names.printable(cron) + "\"");
        }
    }

    /** {@code concurrency}, {@code limits.*} and {@code priority}: how executions of the policy run. */
    private static void checkRunning(Policy policy, Violations v) {
        if (policy.concurrency() != null && Concurrency.parse(policy.concurrency()) == null) {
            v.add("concurrency", "must be one of " + Concurrency.NAMES + ", was \"" + Names.printable(policy.concurrency())
                    + "\"");
        }
        Limits limits = policy.limits();
        if (limits != null) {
            if (limits.bytesPerSecond() != null && limits.bytesPerSecond() < Limits.MIN_BYTES_PER_SECOND) {
                v.add("limits.bytesPerSecond", "must be at least " + Limits.MIN_BYTES_PER_SECOND
                        + " (leave it out for no cap of the policy's own), was " + limits.bytesPerSecond());
            }
            Integer parallel = limits.parallelArtifacts();
            if (parallel != null && (parallel < 1 || parallel > Limits.MAX_PARALLEL_ARTIFACTS)) {
                v.add("limits.parallelArtifacts", "must be between 1 and " + Limits.MAX_PARALLEL_ARTIFACTS + ", was "
                        + parallel);
            }
        }
        Integer priority = policy.priority();
        if (priority != null && (priority < Policy.MIN_PRIORITY || priority > Policy.MAX_PRIORITY)) {
            v.add("priority", "must be between " + Policy.MIN_PRIORITY + " and " + Policy.MAX_PRIORITY + ", was "
                    + priority);
        }
    }

    /** 90 s → "1m30s", 1 s → "1s". */
    static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT).replace(".0s", "s");
    }
}
