package io.meridian.server.api.registries;

/**
 * The {@code s3} object of a registry body of kind {@code s3}: {@code {"bucket":"charts","prefix":"stable",
 * "region":"eu-central-1","endpoint":"http://127.0.0.1:9000","pathStyle":true,"accessKeyId":"…",
 * "secretAccessKey":"…"}}. {@code region} is the AWS region of the bucket (the registry's own {@code region} is
 * Meridian's). Keys are write-only: omit both to keep the stored ones, send both as {@code ""} to drop them and use
 * the AWS default credentials chain.
 */
public record S3Body(String bucket, String prefix, String region, String endpoint, Boolean pathStyle,
                     String accessKeyId, String secretAccessKey) {

    @Override
    public String toString() { // never print a key, not even by accident
        return "S3Body[bucket=" + bucket + ", prefix=" + prefix + ", region=" + region + ", endpoint=" + endpoint
                + ", pathStyle=" + pathStyle + "]";
    }
}
