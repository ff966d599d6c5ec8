package io.meridian.sync.helm;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code digest} of a chart version in {@code index.yaml}: the SHA-256 of the {@code .tgz}, as 64 lowercase hex
 * digits without an algorithm prefix (Helm's {@code provenance.DigestFile}). A {@code sha256:} prefix is accepted on
 * the way in (OCI descriptors carry one) and dropped.
 */
public record ChartDigest(String hex) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public ChartDigest {
        Objects.requireNonNull(hex, "digest");
        if (!HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("digest must be 64 lowercase hex digits (sha256 of the .tgz), was \""
                    + (hex.length() > 80 ? hex.substring(0, 80) + "…" : hex) + "\"");
        }
    }

    public static ChartDigest parse(String value) {
        Objects.requireNonNull(value, "digest");
        String v = value.trim().toLowerCase(Locale.ROOT);
        return new ChartDigest(v.startsWith("sha256:") ? v.substring(7) : v);
    }

    public static ChartDigest of(byte[] sha256) {
        return new ChartDigest(HexFormat.of().formatHex(sha256));
    }

    /** {@code sha256:<hex>}, the OCI form of the same digest. */
    public String oci() {
        return "sha256:" + hex;
    }

    public String shortForm() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return hex;
    }
}
