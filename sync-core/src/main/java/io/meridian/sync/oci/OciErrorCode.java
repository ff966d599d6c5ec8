package io.meridian.sync.oci;

import java.util.Locale;

/** The error codes of the OCI distribution spec (plus the Docker registry's extras), as found in error bodies. */
public enum OciErrorCode {
    BLOB_UNKNOWN, BLOB_UPLOAD_INVALID, BLOB_UPLOAD_UNKNOWN, DIGEST_INVALID, MANIFEST_BLOB_UNKNOWN,
    MANIFEST_INVALID, MANIFEST_UNKNOWN, MANIFEST_UNVERIFIED, NAME_INVALID, NAME_UNKNOWN, SIZE_INVALID,
    TAG_INVALID, UNAUTHORIZED, DENIED, UNSUPPORTED, TOOMANYREQUESTS, PAGINATION_NUMBER_INVALID,
    RANGE_INVALID, UNAVAILABLE, UNKNOWN;

    /** Maps a code string from an error body; anything unrecognised is {@link #UNKNOWN}. */
    public static OciErrorCode fromCode(String code) {
        if (code == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(code.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return UNKNOWN;
        }
    }
}
