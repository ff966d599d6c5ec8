package io.meridian.sync.oci.auth;

import io.meridian.sync.oci.Credentials;
import io.meridian.sync.oci.OciErrorCode;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.RetryableRegistryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.EcrException;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/**
 * Amazon ECR registry credentials: {@code GetAuthorizationToken} returns base64("AWS:password"), valid 12 h,
 * used as a Basic authorization. Refreshed {@link #REFRESH_BEFORE} before it expires.
 */
final class EcrTokenProvider implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EcrTokenProvider.class);
    static final Duration REFRESH_BEFORE = Duration.ofMinutes(30);

    private final Credentials.AwsEcr credentials;
    private final Clock clock;
    private EcrClient client;
    private BearerToken cached;

    EcrTokenProvider(Credentials.AwsEcr credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /** The value for {@code Authorization: Basic <value>}. */
    synchronized String basicToken() {
        if (cached != null && cached.isFresh(clock.instant())) {
            return cached.value();
        }
        try {
            GetAuthorizationTokenResponse resp = client().getAuthorizationToken(b -> { });
            if (!resp.hasAuthorizationData() || resp.authorizationData().isEmpty()) {
                throw new PermanentRegistryException("ECR GetAuthorizationToken in " + credentials.region()
                        + " returned no authorizationData");
            }
            AuthorizationData data = resp.authorizationData().get(0);
            Instant expires = data.expiresAt() == null ? clock.instant().plus(Duration.ofHours(12)) : data.expiresAt();
            Instant refreshAt = expires.minus(REFRESH_BEFORE);
            if (refreshAt.isBefore(clock.instant())) {
                refreshAt = expires;
            }
            cached = new BearerToken(data.authorizationToken(), refreshAt);
            LOG.info("ECR authorization token for {} obtained, valid until {}", credentials.region(), expires);
            return cached.value();
        } catch (EcrException e) {
            int status = e.statusCode();
            String msg = "ECR GetAuthorizationToken in " + credentials.region() + " failed: " + status + " "
                    + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode());
            if (status == 429 || status >= 500) {
                throw new RetryableRegistryException(msg, status, OciErrorCode.TOOMANYREQUESTS, null, null);
            }
            throw new PermanentRegistryException(msg, status, OciErrorCode.UNAUTHORIZED, null);
        } catch (SdkClientException e) {
            throw new RetryableRegistryException("ECR GetAuthorizationToken in " + credentials.region()
                    + " failed: " + e.getClass().getSimpleName(), null);
        } catch (SdkException e) {
            throw new PermanentRegistryException("ECR GetAuthorizationToken in " + credentials.region()
                    + " failed: " + e.getClass().getSimpleName());
        }
    }

    /** Caller holds the monitor. */
    private EcrClient client() {
        if (client == null) {
            AwsCredentialsProvider provider = credentials.accessKeyId().isPresent()
                    ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            credentials.accessKeyId().get(), credentials.secretAccessKey().orElseThrow()))
                    : DefaultCredentialsProvider.builder().build();
            var builder = EcrClient.builder().region(Region.of(credentials.region())).credentialsProvider(provider);
            credentials.endpointOverride().ifPresent(builder::endpointOverride);
            client = builder.build();
        }
        return client;
    }

    /**
     * Releases the SDK client (its connection pool). Not final: a caller still holding this provider (an
     * execution running on a replaced registry client) may ask for a token later, which then builds a fresh
     * SDK client. Synchronized with {@link #basicToken()}, so a refresh in flight is never cut off.
     */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
