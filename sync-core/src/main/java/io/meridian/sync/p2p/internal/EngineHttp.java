package io.meridian.sync.p2p.internal;

import io.meridian.sync.oci.AddressGuard;
import io.meridian.sync.p2p.P2pException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request path shared by the per-call classes of one engine: JSON in and out, the engine's token as
 * {@code Authorization: Bearer}, status mapping to {@link P2pException}. Error details taken from the engine's answer
 * have every secret the call carried (the PAT, the pull credential) replaced by {@code ***}: an engine may echo a
 * request back.
 */
public final class EngineHttp {

    public static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Logger LOG = LoggerFactory.getLogger(EngineHttp.class);
    private static final int MAX_BODY = 8 << 20;

    private final HttpClient http;
    private final String base;
    private final String token;
    private final Duration timeout;
    private final AddressGuard guard;

    /** @param token the engine's bearer token, or null */
    public EngineHttp(HttpClient http, String base, String token, Duration timeout) {
        this(http, base, token, timeout, AddressGuard.ALLOW_ALL);
    }

    /**
     * @param guard asked about every address the engine's host resolves to, before each request (the URL passed the
     *              SSRF guard when it was registered; a name can resolve elsewhere later)
     */
    public EngineHttp(HttpClient http, String base, String token, Duration timeout, AddressGuard guard) {
        this.http = Objects.requireNonNull(http);
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.timeout = timeout;
        this.guard = Objects.requireNonNull(guard);
    }

    private void checkAddress(URI uri, String action) {
        if (guard == AddressGuard.ALLOW_ALL || uri.getHost() == null) {
            return;
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return; // the connection attempt fails as an I/O error
        }
        String refusal = guard.refusal(uri.getHost(), addresses);
        if (refusal != null) {
            throw P2pException.permanent(action + " refused: " + refusal);
        }
    }

    /** An engine's answer, body read (bounded). */
    public record Answer(int status, byte[] body, Duration retryAfter) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * @param body        JSON to send, or null for none
     * @param contentType of the body
     * @param secrets     values carried by this call that must never come back in an error message
     */
    public Answer send(String method, String path, JsonNode body, String contentType, String action,
                       Collection<String> secrets) {
        URI uri = URI.create(base + path);
        checkAddress(uri, action);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/json");
        if (token != null && !token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", contentType);
            b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<java.io.InputStream> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (var in = resp.body()) {
                bytes = in.readNBytes(MAX_BODY);
            }
            LOG.debug("{} {} -> {}", method, path, resp.statusCode());
            return new Answer(resp.statusCode(), bytes, retryAfter(resp));
        } catch (IOException e) {
            throw new P2pException(action + " failed: " + e.getClass().getSimpleName(), -1, true, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new P2pException(action + " interrupted", -1, false, null, e);
        }
    }

    public Answer send(String method, String path, JsonNode body, String action, Collection<String> secrets) {
        return send(method, path, body, "application/json", action, secrets);
    }

    /** The answer as JSON when its status is one of {@code ok}; else the mapped exception. */
    public JsonNode expectJson(Answer a, String action, Collection<String> secrets, int... ok) {
        expect(a, action, secrets, ok);
        try {
            return JSON.readTree(a.body());
        } catch (JacksonException e) {
            throw P2pException.permanent(action + " failed: the answer is not JSON");
        }
    }

    public void expect(Answer a, String action, Collection<String> secrets, int... ok) {
        if (Arrays.stream(ok).noneMatch(s -> s == a.status())) {
            throw P2pException.fromStatus(action, a.status(), detail(a, secrets), a.retryAfter());
        }
    }

    /** Dragonfly: {@code {"message"}} or {@code {"errors"}}; Kraken: {@code {"message"}}; else the text, shortened. */
    private String detail(Answer a, Collection<String> secrets) {
        String text = a.text();
        try {
            JsonNode n = JSON.readTree(a.body());
            for (String f : List.of("message", "errors", "error")) {
                if (n.path(f).isString() && !n.path(f).asString().isBlank()) {
                    text = n.path(f).asString();
                    break;
                }
            }
        } catch (JacksonException ignored) {
            // plain text answer (Dragonfly's 429 is "rate limit exceeded")
        }
        return redact(text.length() > 300 ? text.substring(0, 300) + "…" : text, secrets);
    }

    String redact(String text, Collection<String> secrets) {
        String out = text.strip();
        if (token != null && !token.isEmpty()) {
            out = out.replace(token, "***");
        }
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, "***");
            }
        }
        return out;
    }

    private static Duration retryAfter(HttpResponse<?> resp) {
        return resp.headers().firstValue("Retry-After").map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                return null;
            }
        }).orElse(null);
    }
}
