package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.oci.auth.Challenge;
import io.meridian.sync.oci.auth.Scopes;
import io.meridian.sync.oci.blob.ByteRange;
import io.meridian.sync.oci.internal.Errors;
import io.meridian.sync.oci.listing.LinkHeader;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** WWW-Authenticate, Link, Range/Content-Range, Retry-After parsing: examples plus seeded-random round trips. */
class HeaderParsingTest {

    static final long SEED = Long.getLong("test.seed", System.nanoTime());

    @Test
    void parsesDistributionChallenges() {
        List<Challenge> c = Challenge.parse("Bearer realm=\"http://127.0.0.1:5099/token\",service=\"my-registry\","
                + "scope=\"repository:team/app:pull,push\",error=\"insufficient_scope\"");
        assertThat(c).hasSize(1);
        assertThat(c.get(0).isBearer()).isTrue();
        assertThat(c.get(0).param("realm")).contains("http://127.0.0.1:5099/token");
        assertThat(c.get(0).param("scope")).contains("repository:team/app:pull,push");
        assertThat(c.get(0).param("error")).contains("insufficient_scope");
        List<Challenge> two = Challenge.parse("Basic realm=\"basic-realm\", Bearer realm=\"https://a/t\", service=s");
        assertThat(two).extracting(Challenge::scheme).containsExactly("basic", "bearer");
        assertThat(two.get(1).param("service")).contains("s");
        assertThat(Challenge.parse(null)).isEmpty();
        assertThat(Challenge.parse("Negotiate abc123==")).extracting(Challenge::scheme).containsExactly("negotiate");
    }

    @Test
    void challengeParamsRoundTripWithQuotesCommasAndSpaces() {
        Random r = new Random(SEED);
        String chars = "abcXYZ019:/,= .-_\"\\";
        for (int i = 0; i < 500; i++) {
            String realm = "https://auth.example/" + random(r, chars, 20);
            String scope = random(r, chars, 30);
            String header = "Bearer realm=" + quote(realm) + ", service=" + quote("svc" + i) + ",scope=" + quote(scope);
            Challenge c = Challenge.parse(header).get(0);
            assertThat(c.param("realm")).as("seed %d: %s", SEED, header).contains(realm);
            assertThat(c.param("scope")).as("seed %d: %s", SEED, header).contains(scope);
            assertThat(c.param("service")).contains("svc" + i);
        }
    }

    @Test
    void mergesScopesPerResource() {
        assertThat(Scopes.merge(Set.of("repository:a:pull"), Set.of("repository:a:push", "repository:b:pull")))
                .containsExactly("repository:a:pull,push", "repository:b:pull");
        assertThat(Scopes.merge(Set.of("registry:catalog:*"), Set.of())).containsExactly("registry:catalog:*");
    }

    @Test
    void findsNextLinkVerbatim() {
        assertThat(LinkHeader.next("</v2/_catalog?last=b&n=2>; rel=\"next\"")).contains("/v2/_catalog?last=b&n=2");
        assertThat(LinkHeader.next("<https://r/v2/x?last=a%2Fb>; rel=\"prev\", <https://r/v2/y?last=c>; rel=next"))
                .contains("https://r/v2/y?last=c");
        assertThat(LinkHeader.next("<https://r/x>; rel=\"prev\"")).isEmpty();
        assertThat(LinkHeader.next("<a>; title=\"x, <b>\"; rel=\"next last\"")).contains("a");
        assertThat(LinkHeader.next((String) null)).isEmpty();
        Random r = new Random(SEED);
        for (int i = 0; i < 500; i++) {
            String target = "/v2/_catalog?n=" + r.nextInt(1000) + "&last=" + random(r, "abc%2F09-._~=&;", 25);
            String header = (r.nextBoolean() ? "</first>; rel=\"first\", " : "") + "<" + target + ">;rel=\"next\"";
            assertThat(LinkHeader.next(header)).as("seed %d: %s", SEED, header).contains(target);
        }
    }

    @Test
    void parsesRangesWithAndWithoutUnit() {
        assertThat(ByteRange.parseRange("0-1023")).contains(new ByteRange(0, 1023));
        assertThat(ByteRange.parseRange("bytes=0-1023")).contains(new ByteRange(0, 1023));
        assertThat(ByteRange.parseRange("5-1")).isEmpty();
        assertThat(ByteRange.parseRange("garbage")).isEmpty();
        assertThat(ByteRange.parseContentRange("bytes 100-199/1000"))
                .contains(new ByteRange.Content(new ByteRange(100, 199), 1000));
        assertThat(ByteRange.parseContentRange("bytes 100-199/*").orElseThrow().total()).isEqualTo(-1);
        assertThat(ByteRange.parseContentRange("bytes 100-1000/1000")).isEmpty();
        Random r = new Random(SEED);
        for (int i = 0; i < 500; i++) {
            long first = Math.abs(r.nextLong() % 1_000_000_000_000L);
            long last = first + Math.abs(r.nextLong() % 1_000_000_000L);
            ByteRange br = new ByteRange(first, last);
            assertThat(br.toUploadHeader()).doesNotStartWith("bytes");
            assertThat(ByteRange.parseRange(br.toUploadHeader())).as("seed %d", SEED).contains(br);
            assertThat(br.length()).isEqualTo(last - first + 1);
        }
    }

    @Test
    void parsesRetryAfterSecondsAndDates() {
        assertThat(Errors.retryAfter("120")).contains(Duration.ofMinutes(2));
        assertThat(Errors.retryAfter("-1")).isEmpty();
        assertThat(Errors.retryAfter("soon")).isEmpty();
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(90));
        assertThat(Errors.retryAfter(date).orElseThrow()).isBetween(Duration.ofSeconds(80), Duration.ofSeconds(91));
    }

    @Test
    void redactsQueryStringsOfUrlsInMessages() {
        assertThat(Errors.redactUrls("GET https://bucket.s3/x?X-Amz-Signature=abc failed"))
                .isEqualTo("GET https://bucket.s3/x?<redacted> failed");
    }

    @Test
    void mapsErrorBodiesToCodesAndBranches() {
        RegistryException e = Errors.fromStatus("push blob x to h/r", 413,
                "{\"errors\":[{\"code\":\"SIZE_INVALID\",\"message\":\"too big\"}]}".getBytes(), null);
        assertThat(e).isInstanceOf(PermanentRegistryException.class);
        assertThat(e.getMessage()).isEqualTo("push blob x to h/r failed: 413 SIZE_INVALID (too big)");
        assertThat(Errors.fromStatus("a", 502, "<html>".getBytes(), null)).isInstanceOf(RetryableRegistryException.class);
        assertThat(OciErrorCode.fromCode("whatever")).isEqualTo(OciErrorCode.UNKNOWN);
    }

    private static String random(Random r, String chars, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = r.nextInt(max + 1); i < n; i++) {
            b.append(chars.charAt(r.nextInt(chars.length())));
        }
        return b.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
