package io.meridian.server.notifications;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One delivery of {@code GET /api/v1/notifications/{name}/deliveries}: an execution's event sent (or being sent) to
 * the notification's URL, with every attempt.
 *
 * @param state {@code PENDING} (not yet answered 2xx, attempts left), {@code DELIVERED} or {@code FAILED}
 */
public record DeliveryView(long id, String execution, String event, String state, int attempts, Integer statusCode,
                           String error, OffsetDateTime createdAt, OffsetDateTime finishedAt, List<Attempt> history) {

    /** One POST: when, how long, the answer's status code or the error. */
    public record Attempt(int attempt, OffsetDateTime at, int durationMillis, Integer statusCode, String error) {
    }
}
