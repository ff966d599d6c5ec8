package io.meridian.server.api.registries;

import io.meridian.regions.RegistryDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Optional;

/**
 * Checks a registry's {@code caBundle} when it is stored, so a typo is a 400 naming the field now rather than a
 * TLS failure in the middle of a replication: an absolute path to a readable PEM file of X.509 certificates,
 * for an https registry.
 */
final class CaBundles {

    static final int MAX_PATH = 4096;

    private CaBundles() {
    }

    /** What is wrong with {@code caBundle}, if anything. {@code registry} is null when the rest was invalid. */
    static Optional<String> problem(String caBundle, RegistryDefinition registry) {
        if (caBundle.isBlank() || caBundle.length() > MAX_PATH) {
            return Optional.of("must be an absolute file path of 1-" + MAX_PATH + " characters");
        }
        if (registry != null && !registry.url().startsWith("https://")) {
            return Optional.of("only applies to https:// registries");
        }
        Path path;
        try {
            path = Path.of(caBundle);
        } catch (InvalidPathException e) {
            return Optional.of("is not a valid file path");
        }
        if (!path.isAbsolute()) {
            return Optional.of("must be an absolute path on the Meridian host");
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            return Optional.of("no readable file at " + path);
        }
        try (InputStream in = Files.newInputStream(path)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                return Optional.of("holds no certificates: " + path);
            }
        } catch (IOException | CertificateException e) {
            return Optional.of("is not a PEM file of X.509 certificates: " + path);
        }
        return Optional.empty();
    }
}
