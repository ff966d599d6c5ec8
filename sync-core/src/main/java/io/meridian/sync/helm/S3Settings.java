package io.meridian.sync.helm;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a chart repository lives in S3 and how to reach it. {@code prefix} is normalised to {@code ""} or
 * {@code a/b/}; {@code endpoint} points the client at any S3-compatible store (then path-style addressing is usually
 * wanted); without keys the AWS SDK's default credentials chain is used. {@code toString()} never shows a key.
 */
public record S3Settings(String bucket, String prefix, String region, Optional<URI> endpoint, boolean pathStyle,
                         Optional<String> accessKeyId, Optional<String> secretAccessKey) {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{2,40}");

    /** @throws IllegalArgumentException naming the field */
    public S3Settings {
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("bucket must be 3-63 of [a-z0-9.-], starting and ending with a letter or"
                    + " digit, was " + (bucket == null ? "missing" : "\"" + bucket + "\""));
        }
        prefix = normalisePrefix(prefix);
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must be an AWS region name such as us-east-1, was "
                    + (region == null ? "missing" : "\"" + region + "\""));
        }
        endpoint = endpoint == null ? Optional.empty() : endpoint;
        endpoint.ifPresent(S3Settings::checkEndpoint);
        accessKeyId = accessKeyId == null ? Optional.empty() : accessKeyId.filter(s -> !s.isEmpty());
        secretAccessKey = secretAccessKey == null ? Optional.empty() : secretAccessKey.filter(s -> !s.isEmpty());
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalArgumentException("accessKeyId and secretAccessKey go together (or both absent for the"
                    + " default credentials chain)");
        }
    }

    /** {@code ""} or {@code a/b/}: no leading slash, one trailing slash. */
    public static String normalisePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.trim().replaceAll("^/+", "").replaceAll("/+$", "");
        if (p.contains("//") || p.contains("..") || p.length() > 512) {
            throw new IllegalArgumentException("prefix must be a key prefix like charts/stable (no '..', no '//'),"
                    + " was \"" + prefix + "\"");
        }
        return p.isEmpty() ? "" : p + "/";
    }

    private static void checkEndpoint(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint must be http(s)://host[:port] without user info, was \"" + uri + "\"");
        }
    }

    public static S3Settings defaultChain(String bucket, String prefix, String region) {
        return new S3Settings(bucket, prefix, region, Optional.empty(), false, Optional.empty(), Optional.empty());
    }

    /** {@code s3://bucket/prefix}, for messages. */
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof S3Settings s && bucket.equals(s.bucket) && prefix.equals(s.prefix) && region.equals(s.region)
                && endpoint.equals(s.endpoint) && pathStyle == s.pathStyle && accessKeyId.equals(s.accessKeyId)
                && secretAccessKey.equals(s.secretAccessKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket, prefix, region, endpoint, pathStyle);
    }

    @Override
    public String toString() {
        return "S3Settings[" + location() + ", region=" + region + endpoint.map(e -> ", endpoint=" + e).orElse("")
                + (pathStyle ? ", path-style" : "") + ", keys=" + (accessKeyId.isPresent() ? "static ***" : "default chain") + "]";
    }
}
