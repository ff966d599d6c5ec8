package io.meridian.server.notifications;

import io.meridian.server.security.UrlGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One POST of a notification body, signed: {@code X-Meridian-Signature: sha256=<hex HMAC-SHA256 of the exact body
 * bytes, keyed with the notification's secret>}. The target's addresses are checked by the SSRF {@link UrlGuard}
 * before connecting; redirects are not followed (a redirect could lead past the guard).
 */
final class SignedPost {

    static final String SIGNATURE = "X-Meridian-Signature";

    /** The answer of one attempt: a status code, or the error that kept it from getting one. */
    record Outcome(Integer statusCode, String error) {
        boolean delivered() {
            return statusCode != null && statusCode / 100 == 2;
        }

        /** 5xx, 408 (timeout), 429 (slow down) and I/O errors may go away; any other answer will not. */
        boolean retryable() {
            return statusCode == null || statusCode >= 500 || statusCode == 408 || statusCode == 429;
        }
    }

    private final HttpClient http;
    private final UrlGuard guard;
    private final Duration timeout;

    SignedPost(UrlGuard guard, Duration timeout) {
        this.guard = guard;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** {@code sha256=<hex>}: the header value for {@code body} under {@code secret}. */
    static String signature(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Never throws for the receiver's faults: they are the outcome. Interrupts propagate. */
    Outcome send(URI url, byte[] body, String secret, String event, long delivery) throws InterruptedException {
        String refusal = refusal(url);
        if (refusal != null) {
            return new Outcome(null, "refused by meridian.security.url-deny: " + refusal);
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Meridian-Notifications")
                .header("X-Meridian-Event", event)
                .header("X-Meridian-Delivery", Long.toString(delivery))
                .header(SIGNATURE, signature(body, secret))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return new Outcome(status, status / 100 == 2 ? null : "answered " + status);
        } catch (IOException e) {
            // the exception's text names the host and port at most, never the body or the secret
            return new Outcome(null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** The guard's verdict on every address the host resolves to now, at connect time; null when allowed. */
    private String refusal(URI url) {
        String host = url.getHost();
        if (host == null) {
            return "no host in " + url;
        }
        try {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return guard.refusal(host, List.of(InetAddress.getAllByName(bare)));
        } catch (UnknownHostException e) {
            return null; // the connection attempt fails and is recorded as such
        }
    }
}
