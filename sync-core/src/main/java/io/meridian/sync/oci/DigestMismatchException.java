package io.meridian.sync.oci;

/** Content whose computed digest differs from the one it was supposed to have. Permanent: the bytes are wrong. */
public final class DigestMismatchException extends PermanentRegistryException {

    private final Digest expected;
    private final Digest actual;

    public DigestMismatchException(String what, Digest expected, Digest actual) {
        super(what + ": digest mismatch, expected " + expected + " but content hashes to " + actual,
                -1, OciErrorCode.DIGEST_INVALID, null);
        this.expected = expected;
        this.actual = actual;
    }

    public Digest expected() {
        return expected;
    }

    public Digest actual() {
        return actual;
    }
}
