package io.meridian.sync.oci;

/**
 * What a caller knows of a subject's referrers fallback tag {@code sha256-<hex>} from a tag list it already has: on a
 * registry without the referrers API, a fallback tag it did not list costs no request at all.
 */
public enum FallbackTag {
    /** No tag list at hand: ask the registry. */
    UNKNOWN,
    /** The tag list has it. */
    LISTED,
    /** The tag list does not have it: there is none. */
    NOT_LISTED
}
