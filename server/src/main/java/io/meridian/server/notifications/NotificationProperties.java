package io.meridian.server.notifications;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Outgoing notifications ({@code meridian.notifications.*}): how deliveries are sent and retried.
 *
 * @param maxAttempts       attempts per delivery (the first included) before it is FAILED; a 5xx, 408, 429 or an
 *                          I/O error is retried, any other answer but 2xx fails the delivery at once
 * @param initialBackoff    the wait before the second attempt; each later wait is {@code backoffMultiplier} times
 *                          the previous one, capped at {@code maxBackoff}
 * @param backoffMultiplier growth of the wait between attempts
 * @param maxBackoff        the longest wait between two attempts
 * @param requestTimeout    how long one POST may take (connect and answer)
 * @param pollInterval      how often finished executions are looked for and due deliveries sent
 * @param claimLease        how long a node holds a delivery it is sending; a node that dies mid-delivery leaves it to
 *                          another node (or itself after a restart) once this has passed; longer than all attempts
 *                          and waits of one delivery together
 * @param threads           deliveries sent at once by this node (never on a replication thread)
 */
@Validated
@ConfigurationProperties("meridian.notifications")
public record NotificationProperties(
        @DefaultValue("5") @Min(1) int maxAttempts,
        @DefaultValue("2s") Duration initialBackoff,
        @DefaultValue("2.0") double backoffMultiplier,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("30m") Duration claimLease,
        @DefaultValue("2") @Min(1) int threads) {
}
