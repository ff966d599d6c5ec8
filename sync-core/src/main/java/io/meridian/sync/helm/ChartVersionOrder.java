package io.meridian.sync.helm;

import java.util.Comparator;
import org.semver4j.Semver;

/**
 * Newest first, as Helm's {@code IndexFile.SortEntries} keeps each chart's list: by semantic version (Masterminds
 * semver accepts {@code v1.2} and {@code 1.2}, so versions are coerced the same way), and where either side is not a
 * version at all, by plain text, descending.
 */
public final class ChartVersionOrder {

    /** Newest first. */
    public static final Comparator<String> NEWEST_FIRST = ChartVersionOrder::compareNewestFirst;

    private ChartVersionOrder() {
    }

    private static int compareNewestFirst(String a, String b) {
        Semver va = semver(a);
        Semver vb = semver(b);
        if (va == null || vb == null) {
            return b.compareTo(a);
        }
        int c = vb.compareTo(va);
        return c != 0 ? c : b.compareTo(a); // 1.0.0+a and 1.0.0+b: equal precedence, keep a stable total order
    }

    /** The version as semver, or null when it is not one even after Helm-style coercion. */
    public static Semver semver(String version) {
        Semver v = Semver.parse(version);
        if (v == null && version != null && !version.isEmpty()) {
            String s = version.startsWith("v") || version.startsWith("V") ? version.substring(1) : version;
            // Masterminds accepts "1" and "1.2" (missing parts are zero) but nothing else loose
            if (s.matches("\\d+(\\.\\d+)?([-+].*)?")) {
                String core = s.split("[-+]", 2)[0];
                String rest = s.substring(core.length());
                String padded = core.contains(".") ? core + ".0" : core + ".0.0";
                v = Semver.parse(padded + rest);
            } else {
                v = Semver.parse(s);
            }
        }
        return v;
    }
}
