package io.meridian.server.notifications;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.meridian.policies.StrictJson;
import io.meridian.server.api.executions.ExecutionQueries;
import io.meridian.server.crypto.SecretCipher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Sends notifications when executions end, apart from the executions themselves: a poller turns finished
 * executions into PENDING delivery rows ({@link DeliveryRepository#enqueueFinishedExecutions}), claims due ones and
 * sends each on its own small pool, retried with capped exponential backoff by a Resilience4j {@link Retry}; every
 * attempt is recorded. A receiver that is down never slows or fails a replication, and a restart (or another node,
 * once the claim lapses) resumes deliveries not finished, counting the attempts already made.
 */
public class NotificationDispatcher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final DeliveryRepository deliveries;
    private final NotificationRepository notifications;
    private final ExecutionQueries executions;
    private final SecretCipher cipher;
    private final SignedPost post;
    private final NotificationProperties properties;
    private final MeterRegistry meters;
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService ticker;
    private volatile ExecutorService senders;

    public NotificationDispatcher(DeliveryRepository deliveries, NotificationRepository notifications,
                                  ExecutionQueries executions, SecretCipher cipher, SignedPost post,
                                  NotificationProperties properties, MeterRegistry meters) {
        this.deliveries = deliveries;
        this.notifications = notifications;
        this.executions = executions;
        this.cipher = cipher;
        this.post = post;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public void start() {
        AtomicInteger n = new AtomicInteger();
        senders = Executors.newFixedThreadPool(properties.threads(),
                r -> daemon(r, "notification-sender-" + n.incrementAndGet()));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "notification-poller"));
        long every = properties.pollInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Finds newly finished executions and hands due deliveries to free senders. */
    void tick() {
        try {
            int added = deliveries.enqueueFinishedExecutions();
            if (added > 0) {
                LOG.info("{} notification deliveries queued for finished executions", added);
            }
            int free = properties.threads() - inFlight.size();
            if (free <= 0) {
                return;
            }
            for (DeliveryRepository.Claimed claimed : deliveries.claim(free, properties.claimLease())) {
                inFlight.add(claimed.id());
                senders.execute(() -> {
                    try {
                        deliver(claimed);
                    } finally {
                        inFlight.remove(claimed.id());
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("notification poll failed ({}); trying again in {}", e.toString(), properties.pollInterval());
        }
    }

    private void deliver(DeliveryRepository.Claimed claimed) {
        try {
            String secret = notifications.secretCiphertext(claimed.notification())
                    .map(c -> cipher.decrypt(c, NotificationService.context(claimed.notification())))
                    .orElse(null);
            if (secret == null) {
                return; // deleted meanwhile; its deliveries went with it
            }
            byte[] body = body(claimed);
            URI url = URI.create(claimed.url());
            AtomicInteger attempt = new AtomicInteger(claimed.attempts());
            int remaining = Math.max(1, properties.maxAttempts() - claimed.attempts());
            Retry retry = Retry.of("notification-" + claimed.notification(), RetryConfig.<SignedPost.Outcome>custom()
                    .maxAttempts(remaining)
                    .intervalFunction(IntervalFunction.ofExponentialBackoff(properties.initialBackoff(),
                            properties.backoffMultiplier(), properties.maxBackoff()))
                    .retryOnResult(o -> !o.delivered() && o.retryable())
                    .retryOnException(e -> false) // only answers are retried; anything thrown ends this turn
                    .failAfterMaxAttempts(false)
                    .build());
            SignedPost.Outcome last = retry.executeCallable(() -> {
                int n = attempt.incrementAndGet();
                OffsetDateTime at = OffsetDateTime.now();
                long started = System.nanoTime();
                SignedPost.Outcome outcome = post.send(url, body, secret, claimed.event(), claimed.id());
                deliveries.recordAttempt(claimed.id(), n, at, (System.nanoTime() - started) / 1_000_000,
                        outcome.statusCode(), outcome.error());
                return outcome;
            });
            String state = last.delivered() ? "DELIVERED" : "FAILED";
            deliveries.finish(claimed.id(), state);
            count(claimed.notification(), state);
            LOG.info("notification {} of execution {} ({}) {} after {} attempts{}", claimed.notification(),
                    claimed.execution(), claimed.event(), state.toLowerCase(java.util.Locale.ROOT), attempt.get(),
                    last.delivered() ? "" : ": " + last.error());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deliveries.release(claimed.id());
        } catch (Exception e) {
            // the claim lapses and another turn tries again; the error is the delivery's latest answer
            LOG.warn("notification {} of execution {}: delivery interrupted by {}", claimed.notification(),
                    claimed.execution(), e.toString());
        }
    }

    /** The JSON POSTed: the event, this delivery's id (receivers dedupe by it) and the execution with its summary. */
    private byte[] body(DeliveryRepository.Claimed claimed) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", claimed.event());
        body.put("delivery", claimed.id());
        body.put("notification", claimed.notification());
        body.put("execution", executions.find(claimed.execution()).orElse(null));
        return StrictJson.MAPPER.writeValueAsBytes(body);
    }

    private void count(String notification, String state) {
        if (meters != null) {
            Counter.builder("meridian.notifications.deliveries").description("Notification deliveries finished")
                    .tag("notification", notification).tag("state", state).register(meters).increment();
        }
    }

    @Override
    public void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (senders != null) {
            senders.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return ticker != null && !ticker.isShutdown();
    }
}
