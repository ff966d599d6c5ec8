package io.meridian.server.notifications;

import io.meridian.server.api.executions.Page;
import io.meridian.server.audit.AuditLog;
import io.meridian.server.crypto.SecretCipher;
import io.meridian.server.problem.ApiProblem;
import io.meridian.server.security.UrlGuard;
import io.meridian.validation.Names;
import io.meridian.validation.Violations;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Notification rules: a unique name, an http(s) URL the SSRF guard allows and without credentials in it (the URL is
 * shown by the API; the secret is the credential), at least one known event, and a secret stored encrypted like a
 * registry password and never answered. Every change is audited.
 */
@Service
public class NotificationService {

    static final List<String> EVENTS = List.of("execution.succeeded", "execution.partial", "execution.failed");
    private static final int MAX_SECRET = 1024;
    private static final int MAX_URL = 2048;

    private final NotificationRepository notifications;
    private final DeliveryRepository deliveries;
    private final SecretCipher cipher;
    private final UrlGuard urlGuard;
    private final AuditLog audit;

    public NotificationService(NotificationRepository notifications, DeliveryRepository deliveries, SecretCipher cipher,
                               UrlGuard urlGuard, AuditLog audit) {
        this.notifications = notifications;
        this.deliveries = deliveries;
        this.cipher = cipher;
        this.urlGuard = urlGuard;
        this.audit = audit;
    }

    /** Binds the ciphertext to its notification, so a ciphertext copied to another row does not decrypt. */
    static String context(String name) {
        return "notification:" + name;
    }

    @Transactional
    public NotificationView create(NotificationBody body) {
        validate(body);
        List<String> events = body.events().stream().distinct().toList();
        if (!notifications.insert(body.name(), body.url(), events, cipher.encrypt(body.secret(), context(body.name())))) {
            throw ApiProblem.conflict("name", "notification '" + body.name() + "' already exists");
        }
        NotificationView created = notifications.find(body.name()).orElseThrow();
        audit.record("notification.create", created.name(), null, created);
        return created;
    }

    @Transactional(readOnly = true)
    public List<NotificationView> list() {
        return notifications.list();
    }

    @Transactional(readOnly = true)
    public NotificationView get(String name) {
        return notifications.find(name).orElseThrow(() -> ApiProblem.notFound("notification", name));
    }

    @Transactional
    public void delete(String name) {
        NotificationView before = get(name);
        notifications.delete(name);
        audit.record("notification.delete", name, before, null);
    }

    @Transactional(readOnly = true)
    public Page<DeliveryView> deliveries(String name, int page, int size) {
        get(name);
        return deliveries.page(name, page, size);
    }

    private void validate(NotificationBody body) {
        Violations v = new Violations();
        Names.check(v, "name", body.name());
        checkUrl(body.url(), v);
        if (body.events() == null || body.events().isEmpty()) {
            v.add("events", "must name at least one of " + String.join(", ", EVENTS));
        } else {
            for (int i = 0; i < body.events().size(); i++) {
                String event = body.events().get(i);
                if (!EVENTS.contains(event)) {
                    v.add("events[" + i + "]", "must be one of " + String.join(", ", EVENTS) + ", was \""
                            + Names.printable(String.valueOf(event)) + "\"");
                }
            }
        }
        if (body.secret() == null || body.secret().isEmpty() || body.secret().length() > MAX_SECRET) {
            v.add("secret", "is required: 1-" + MAX_SECRET + " characters, the HMAC-SHA256 key of "
                    + SignedPost.SIGNATURE); // never echo it
        }
        v.throwIfAny("notification");
    }

    private void checkUrl(String url, Violations v) {
        if (url == null || url.isBlank()) {
            v.add("url", "is required, e.g. \"https://hooks.example.com/meridian\"");
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            v.add("url", "is not a URL: " + Names.printable(e.getReason()));
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            v.add("url", "must be an absolute http or https URL with a host");
        } else if (uri.getRawUserInfo() != null) {
            v.add("url", "must not carry credentials (user:password@); the secret signs each delivery instead");
        } else if (url.length() > MAX_URL) {
            v.add("url", "must be at most " + MAX_URL + " characters");
        } else {
            urlGuard.registrationRefusal(url).ifPresent(reason -> v.add("url", "refused: " + reason));
        }
    }
}
