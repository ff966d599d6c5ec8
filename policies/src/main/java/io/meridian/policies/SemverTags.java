package io.meridian.policies;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.semver4j.Semver;

/**
 * Which tags are semver and how tags are ordered newest first. A tag is semver when it is a
 * SemVer 2.0.0 version, optionally with a leading {@code v}: {@code 1.2.3}, {@code v2.0.0-rc.1}
 * (no leading zeros, all three numbers). {@code 1.2}, {@code latest} or {@code 1.2.3_build} are not.
 */
public final class SemverTags {

    /**
     * Newest first: semver tags by SemVer precedence (descending), equal precedence by name
     * (descending); then every non-semver tag, by name descending.
     */
    public static final Comparator<String> NEWEST_FIRST = SemverTags::compareNewestFirst;

    private SemverTags() {
    }

    /** @return the version, or null when {@code tag} is not semver */
    public static Semver parse(String tag) {
        if (tag == null || tag.isEmpty()) {
            return null;
        }
        char first = tag.charAt(0);
        if (!(first == 'v' || (first >= '0' && first <= '9'))) {
            return null; // semver4j also strips '=' and spaces; a tag with them is not a version
        }
        return Semver.parse(tag);
    }

    /** {@code tags} sorted {@link #NEWEST_FIRST}, each tag parsed once. */
    public static List<String> newestFirst(Collection<String> tags) {
        List<Ranked> ranked = new ArrayList<>(tags.size());
        for (String tag : tags) {
            ranked.add(new Ranked(tag, parse(tag)));
        }
        ranked.sort((a, b) -> compare(a.tag(), a.version(), b.tag(), b.version()));
        List<String> sorted = new ArrayList<>(ranked.size());
        ranked.forEach(r -> sorted.add(r.tag()));
        return sorted;
    }

    private record Ranked(String tag, Semver version) {
    }

    private static int compareNewestFirst(String a, String b) {
        return compare(a, parse(a), b, parse(b));
    }

    private static int compare(String a, Semver va, String b, Semver vb) {
        if (va != null && vb != null) {
            int byVersion = vb.compareTo(va);
            return byVersion != 0 ? byVersion : b.compareTo(a);
        }
        if (va != null) {
            return -1;
        }
        if (vb != null) {
            return 1;
        }
        return b.compareTo(a);
    }
}
