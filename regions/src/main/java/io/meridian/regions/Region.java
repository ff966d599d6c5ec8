package io.meridian.regions;

import io.meridian.validation.Names;
import io.meridian.validation.Violations;
import java.util.regex.Pattern;

/**
 * A place where registries live, e.g. {@code cn-hangzhou}. The jurisdiction (an ISO 3166 code such
 * as {@code CN} or {@code US-CA}) says whose law governs the data there; cross-jurisdiction links
 * are the slow, expensive, regulated ones.
 *
 * @param name         unique key, a lowercase DNS label
 * @param displayName  optional human name, e.g. "China (Hangzhou)"
 * @param jurisdiction optional ISO 3166-1 alpha-2 code, optionally with a subdivision (US-CA)
 */
public record Region(String name, String displayName, String jurisdiction) {

    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");
    private static final int MAX_DISPLAY_NAME = 200;

    public Region {
        Violations v = new Violations();
        Names.check(v, "name", name);
        if (displayName != null && (displayName.isBlank() || displayName.length() > MAX_DISPLAY_NAME)) {
            v.add("displayName", "must be 1-" + MAX_DISPLAY_NAME + " characters and not blank when given");
        }
        if (jurisdiction != null && !JURISDICTION.matcher(jurisdiction).matches()) {
            v.add("jurisdiction", "must be an ISO 3166 code such as CN, DE or US-CA, was \""
                    + Names.printable(jurisdiction) + "\"");
        }
        v.throwIfAny("region");
    }

    public static Region named(String name) {
        return new Region(name, null, null);
    }
}
