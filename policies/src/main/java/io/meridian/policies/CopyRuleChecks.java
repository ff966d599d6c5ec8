package io.meridian.policies;

import io.meridian.validation.Names;
import io.meridian.validation.Violations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of what a policy copies and how it writes it (issue 14): {@code artifacts}, {@code platforms},
 * and each destination's {@code rename} and {@code onConflict}. Kept apart from {@link PolicyValidator} so each part
 * of the language has its own small checker; every problem names its field path.
 */
final class CopyRuleChecks {

    private CopyRuleChecks() {
    }

    static void checkArtifacts(List<String> artifacts, Violations v) {
        if (artifacts == null) {
            return;
        }
        if (artifacts.isEmpty()) {
            v.add("artifacts", "must not be empty (leave it out to copy every kind: " + ArtifactKind.NAMES + ")");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < artifacts.size(); i++) {
            String kind = artifacts.get(i);
            if (ArtifactKind.parse(kind).isEmpty()) {
                v.add("artifacts[" + i + "]", "must be one of " + ArtifactKind.NAMES + ", was "
                        + (kind == null ? "null" : "\"" + Names.printable(kind) + "\""));
            } else {
                Integer earlier = seen.putIfAbsent(kind, i);
                if (earlier != null) {
                    v.add("artifacts[" + i + "]", "duplicates artifacts[" + earlier + "]");
                }
            }
        }
    }

    static void checkPlatforms(Platforms platforms, Violations v) {
        if (platforms == null) {
            return;
        }
        if (platforms.include() == null || platforms.include().isEmpty()) {
            v.add("platforms.include", "must list at least one platform, e.g. [\"linux/amd64\"] (leave platforms out"
                    + " to copy indexes whole)");
        } else {
            for (int i = 0; i < platforms.include().size(); i++) {
                String problem = Platforms.problem(platforms.include().get(i));
                if (problem != null) {
                    v.add("platforms.include[" + i + "]", problem);
                }
            }
        }
        if (platforms.mode() == null || !Platforms.MODES.contains(platforms.mode())) {
            v.add("platforms.mode", "must be one of " + Platforms.MODES + " (sparse keeps the index bytes, rewrite"
                    + " writes a new index), was " + (platforms.mode() == null ? "null"
                    : "\"" + Names.printable(platforms.mode()) + "\""));
        }
    }

    static void checkDestination(Destination d, String field, Violations v) {
        if (d.rename() != null) {
            RepositoryRename.check(d.rename(), field + ".rename", v);
        }
        if (d.onConflict() != null && !Destination.CONFLICT_MODES.contains(d.onConflict())) {
            v.add(field + ".onConflict", "must be one of " + Destination.CONFLICT_MODES + " (leave it out to follow"
                    + " override), was \"" + Names.printable(d.onConflict()) + "\"");
        }
    }
}
