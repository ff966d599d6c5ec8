package io.meridian.sync.oci.auth;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.OciErrorCode;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.RetryableRegistryException;
import io.meridian.sync.oci.TransferInterruptedException;
import io.meridian.sync.oci.internal.TimedBody;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One token request (distribution token spec): {@code GET <realm>?service=<s>&scope=<a>&scope=<b>} with Basic
 * credentials when we have them. Tokens are used until {@code expires_in} (default 60 s) minus a safety margin.
 */
record TokenFetch(URI realm, String service, Set<String> scopes, Credentials credentials) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_BODY = 1 << 20;

    BearerToken execute(HttpClient http, Duration timeout, String userAgent, Clock clock) {
        StringBuilder q = new StringBuilder();
        if (service != null) {
            q.append("service=").append(enc(service));
        }
        for (String scope : scopes) {
            q.append(q.isEmpty() ? "" : "&").append("scope=").append(enc(scope));
        }
        String sep = realm.getRawQuery() == null ? "?" : "&";
        URI uri = URI.create(realm + (q.isEmpty() ? "" : sep + q));
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).GET().timeout(timeout).header("User-Agent", userAgent);
        if (credentials instanceof Credentials.Basic b) {
            req.header("Authorization", Authenticator.basic(b));
        }
        String action = "fetch token from " + realm.getScheme() + "://" + realm.getRawAuthority() + realm.getRawPath()
                + " for " + scopes;
        Instant requestedAt = clock.instant();
        try {
            HttpResponse<InputStream> resp = http.send(req.build(),
                    TimedBody.handler(timeout, System.nanoTime() + timeout.toNanos()));
            byte[] body;
            try (InputStream in = resp.body()) {
                body = in.readNBytes(MAX_BODY);
            }
            int status = resp.statusCode();
            if (status == 401 || status == 403) {
                throw new PermanentRegistryException(action + " failed: " + status
                        + " (credentials rejected by the token service)", status, OciErrorCode.UNAUTHORIZED, null);
            }
            if (status == 429 || status >= 500) {
                throw new RetryableRegistryException(action + " failed: " + status, status, null, null, null);
            }
            if (status != 200) {
                throw new PermanentRegistryException(action + " failed: " + status, status, null, null);
            }
            JsonNode json = JSON.readTree(body);
            String token = json.path("token").asString("");
            if (token.isEmpty()) {
                token = json.path("access_token").asString("");
            }
            if (token.isEmpty()) {
                throw new PermanentRegistryException(action + " failed: response has no 'token' or 'access_token'");
            }
            long expiresIn = json.path("expires_in").asLong(60);
            if (expiresIn < 60) {
                expiresIn = 60; // the spec's minimum; smaller values are treated as 60
            }
            // Refresh a little early so a request never starts with a token about to expire.
            long margin = Math.min(30, expiresIn / 10);
            return new BearerToken(token, requestedAt.plusSeconds(expiresIn - margin));
        } catch (IOException e) {
            if (TransferInterruptedException.isInterrupt(e)) {
                throw TransferInterruptedException.interrupted(action, e);
            }
            if (e instanceof java.net.http.HttpTimeoutException) {
                throw new RetryableRegistryException(action + " failed: no answer within " + timeout.toMillis()
                        + " ms (the request timeout)", e);
            }
            throw new RetryableRegistryException(action + " failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + io.meridian.sync.oci.internal.Errors.redactUrls(e.getMessage())), e);
        } catch (JacksonException e) {
            throw new PermanentRegistryException(action + " failed: response is not JSON");
        } catch (InterruptedException e) {
            throw TransferInterruptedException.interrupted(action, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
