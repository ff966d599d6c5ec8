package io.meridian.policies;

import java.util.Locale;

/**
 * What a trigger does while the policy already has an execution (queued or running); a policy
 * never runs twice at once either way.
 */
public enum Concurrency {
    /** The trigger gets the active execution back and nothing new is started (the default). */
    SKIP,
    /**
     * One run is queued after the active one and starts when it ends; further triggers while one
     * is queued get that queued run back (they coalesce into it).
     */
    QUEUE;

    public static final String NAMES = "skip, queue";

    /** The JSON spelling. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code "skip"} / {@code "queue"}; null for anything else. */
    public static Concurrency parse(String value) {
        for (Concurrency c : values()) {
            if (c.json().equals(value)) {
                return c;
            }
        }
        return null;
    }
}
