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
 * @param nodes        optional: how many nodes pull images in this region (the distribution-time model)
 * @param originBandwidthMbps optional: the bandwidth of the region's origin registry towards its nodes, Mbit/s
 */
public record Region(String name, String displayName, String jurisdiction, Integer nodes, Double originBandwidthMbps) {

    public Region(String name, String displayName, String jurisdiction) {
        this(name, displayName, jurisdiction, null, null);
    }

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
        if (nodes != null && nodes < 1) {
            v.add("nodes", "must be at least 1 when given, was " + nodes);
        }
        if (originBandwidthMbps != null && !(originBandwidthMbps > 0 && Double.isFinite(originBandwidthMbps))) {
            v.add("originBandwidthMbps", "must be a positive number when given, was " + originBandwidthMbps);
        }
        v.throwIfAny("region");
    }

    public static Region named(String name) {
        return new Region(name, null, null);
    }
}
