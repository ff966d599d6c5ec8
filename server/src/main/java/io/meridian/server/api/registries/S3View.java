package io.meridian.server.api.registries;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The bucket settings of an {@code s3} registry as the API shows them: the keys only as "set or not". */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record S3View(String bucket, String prefix, String region, String endpoint, boolean pathStyle,
                     boolean accessKeyIdSet, boolean secretAccessKeySet) {
}
