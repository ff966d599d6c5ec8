package io.meridian.server.notifications;

import java.time.OffsetDateTime;
import java.util.List;

/** A notification as the API shows it: never its secret. */
public record NotificationView(String name, String url, List<String> events, OffsetDateTime createdAt) {
}
