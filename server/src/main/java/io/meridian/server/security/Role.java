package io.meridian.server.security;

import java.util.Locale;

/**
 * What an API token may do. {@code admin}: everything. {@code operator}: what a viewer may, plus
 * edit policies and trigger/stop executions. {@code viewer}: read (GET) only. {@code webhook}:
 * only post its own registry's push notifications.
 */
public enum Role {
    ADMIN, OPERATOR, VIEWER, WEBHOOK;

    /** The JSON and database spelling: {@code admin}, {@code operator}, {@code viewer}, {@code webhook}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return null when {@code value} names no role */
    public static Role parse(String value) {
        for (Role role : values()) {
            if (role.value().equals(value)) {
                return role;
            }
        }
        return null;
    }

    /** True when a token of this role may do what {@code required} may (admin may post webhooks too). */
    public boolean covers(Role required) {
        return switch (this) {
            case ADMIN -> true;
            case OPERATOR -> required == OPERATOR || required == VIEWER;
            case VIEWER -> required == VIEWER;
            case WEBHOOK -> required == WEBHOOK;
        };
    }
}
