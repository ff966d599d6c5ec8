package io.meridian.sync.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest such as {@code sha256:<64 hex>} or {@code sha512:<128 hex>}, validated on construction.
 * Only the two algorithms registries actually verify are accepted, so every digest can be recomputed.
 */
public record Digest(String algorithm, String hex) {

    private static final Pattern HEX = Pattern.compile("[a-f0-9]+");

    public Digest {
        Objects.requireNonNull(algorithm, "digest algorithm");
        Objects.requireNonNull(hex, "digest hex");
        int expected = switch (algorithm) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default -> throw new IllegalArgumentException(
                    "digest algorithm must be sha256 or sha512, got '" + abbreviate(algorithm) + "'");
        };
        if (hex.length() != expected || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("digest " + algorithm + " must be " + expected
                    + " lowercase hex characters, got '" + abbreviate(hex) + "'");
        }
    }

    /** Parses the canonical {@code algorithm:hex} form. */
    public static Digest parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("digest must not be null");
        }
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("digest must look like 'sha256:<hex>', got '" + abbreviate(value) + "'");
        }
        return new Digest(value.substring(0, colon), value.substring(colon + 1));
    }

    public static Digest sha256Of(byte[] bytes) {
        return of("sha256", bytes);
    }

    public static Digest of(String algorithm, byte[] bytes) {
        MessageDigest md = newMessageDigest(algorithm);
        return new Digest(algorithm, HexFormat.of().formatHex(md.digest(bytes)));
    }

    /** A fresh {@link MessageDigest} for this digest's algorithm, to hash a stream on the fly. */
    public MessageDigest newMessageDigest() {
        return newMessageDigest(algorithm);
    }

    /** The digest of what {@code md} has seen, in this digest's algorithm. */
    public static Digest from(String algorithm, MessageDigest md) {
        return new Digest(algorithm, HexFormat.of().formatHex(md.digest()));
    }

    static MessageDigest newMessageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case "sha256" -> "SHA-256";
                case "sha512" -> "SHA-512";
                default -> throw new IllegalArgumentException("unsupported digest algorithm " + algorithm);
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short form for logs: {@code sha256:0123456789ab}. */
    public String shortForm() {
        return algorithm + ":" + hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
