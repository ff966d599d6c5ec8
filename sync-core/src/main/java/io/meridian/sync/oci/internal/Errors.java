package io.meridian.sync.oci.internal;

import io.meridian.sync.oci.OciErrorCode;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RetryableRegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Turns unexpected responses and I/O failures into the client's exception hierarchy. */
public final class Errors {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private Errors() {
    }

    /** Reads (a bounded part of) the error body, closes the response and builds the exception. */
    public static RegistryException fromResponse(String action, HttpResponse<InputStream> resp) {
        byte[] body = new byte[0];
        try (InputStream in = resp.body()) {
            if (in != null) {
                body = in.readNBytes(MAX_ERROR_BODY);
            }
        } catch (IOException ignored) {
            // the status code is what matters; the body only adds detail
        }
        return fromStatus(action, resp.statusCode(), body, resp.headers().firstValue("Retry-After").orElse(null),
                plainText(resp, body));
    }

    /**
     * What a registry that sends no OCI error body said instead: a {@code text/plain} body (distribution answers a
     * write to a read-only registry {@code 405 Method not allowed}) and, for a 405, the methods it allows.
     */
    private static String plainText(HttpResponse<InputStream> resp, byte[] body) {
        StringBuilder text = new StringBuilder();
        if (body.length > 0 && resp.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")) {
            text.append(utf8(body).replaceAll("\\s+", " ").trim());
        }
        if (resp.statusCode() == 405) {
            resp.headers().firstValue("Allow").ifPresent(allow -> text.append(text.isEmpty() ? "" : "; ")
                    .append("Allow: ").append(allow));
        }
        return text.toString();
    }

    public static RegistryException fromStatus(String action, int status, byte[] body, String retryAfterHeader) {
        return fromStatus(action, status, body, retryAfterHeader, "");
    }

    private static RegistryException fromStatus(String action, int status, byte[] body, String retryAfterHeader,
                                                String plainText) {
        OciErrorCode code = null;
        String message = null;
        if (body != null && body.length > 0) {
            try {
                JsonNode first = JSON.readTree(body).path("errors").path(0);
                if (!first.isMissingNode()) {
                    code = OciErrorCode.fromCode(first.path("code").asString(null));
                    message = first.path("message").asString(null);
                }
            } catch (JacksonException ignored) {
                // not an OCI error body
            }
        }
        StringBuilder text = new StringBuilder(action).append(" failed: ").append(status);
        if (code != null) {
            text.append(' ').append(code);
        }
        if ((message == null || message.isBlank()) && !plainText.isEmpty()) {
            message = plainText;
        }
        if (message != null && !message.isBlank()) {
            // the registry's (or its storage's) own words may quote a pre-signed URL
            message = redactUrls(message);
            text.append(" (").append(message.length() > 200 ? message.substring(0, 200) + "..." : message).append(')');
        }
        if (status == 429 || status == 408 || status >= 500) {
            return new RetryableRegistryException(text.toString(), status,
                    code != null ? code : (status == 429 ? OciErrorCode.TOOMANYREQUESTS : OciErrorCode.UNAVAILABLE),
                    retryAfter(retryAfterHeader).orElse(null), null);
        }
        return new PermanentRegistryException(text.toString(), status, code, null);
    }

    /**
     * I/O failures are retryable, except a TLS handshake failure: an untrusted or mismatched certificate does not
     * fix itself, so it is permanent and says which setting to look at. An interrupt is no I/O failure: it is
     * thrown as a {@link TransferInterruptedException} (flag restored), never returned as a registry error.
     */
    public static RegistryException fromIo(String action, IOException e) {
        if (TransferInterruptedException.isInterrupt(e) || Thread.currentThread().isInterrupted()) {
            // not a registry error: propagate the interrupt, never retried, never counted by a breaker
            throw TransferInterruptedException.interrupted(action, e);
        }
        if (e instanceof javax.net.ssl.SSLHandshakeException || e instanceof javax.net.ssl.SSLPeerUnverifiedException
                || e.getCause() instanceof javax.net.ssl.SSLHandshakeException) {
            return new PermanentRegistryException(action + " failed: TLS handshake failed (untrusted or mismatched"
                    + " certificate; see registry.caBundle)", -1, null, e);
        }
        String what = e instanceof HttpTimeoutException ? "timed out (" + e.getMessage() + ")" : "I/O error " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + redactUrls(e.getMessage()));
        return new RetryableRegistryException(action + " failed: " + what, e);
    }

    /** {@code Retry-After} as seconds or an HTTP date. */
    public static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** Drops query strings from URLs inside a message: pre-signed URLs carry credentials there. */
    public static String redactUrls(String s) {
        return s.replaceAll("(https?://[^\\s?]*)\\?\\S*", "$1?<redacted>");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
