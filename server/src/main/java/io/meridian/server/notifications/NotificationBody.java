package io.meridian.server.notifications;

import java.util.List;

/**
 * {@code POST /api/v1/notifications}: where to POST, on which execution events, signed with which secret.
 *
 * @param events some of {@code execution.succeeded}, {@code execution.partial}, {@code execution.failed}
 * @param secret the HMAC-SHA256 key of {@code X-Meridian-Signature}; write-only (never answered, encrypted at rest)
 */
public record NotificationBody(String name, String url, List<String> events, String secret) {

    @Override
    public String toString() {
        return "NotificationBody[name=" + name + ", url=" + url + ", events=" + events + ", secret=***]";
    }
}
