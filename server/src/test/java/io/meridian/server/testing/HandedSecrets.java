package io.meridian.server.testing;

import io.meridian.sync.testing.Canaries;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets the failsafe ITs hand to packaged servers (other processes), in one place for
 * {@code PackagedServersSecretsScanIT}: every {@link Canaries canary} (the ITs start their servers with
 * {@link Canaries#ADMIN_TOKEN} and {@link Canaries#SECRET_KEY} and send registry passwords from {@code Canaries}),
 * the key's bytes as hex (a key logged as bytes would show that; as text they are {@link Canaries#SECRET_KEY_TEXT}),
 * and whatever secret variable a launcher put into a server's environment ({@link #recordFrom}): a token a future IT
 * passes ad hoc is looked for as well, instead of drifting out of a hand-copied list.
 */
public final class HandedSecrets {

    /** The environment variables Meridian reads secrets from. */
    private static final List<String> SECRET_VARIABLES = List.of("MERIDIAN_ADMIN_TOKEN", "MERIDIAN_SECRET_KEY",
            "MERIDIAN_SECRET_ROTATEFROM");
    /** Shorter values would match ordinary text (the database password is often {@code postgres}, not a canary). */
    private static final int SHORTEST = 12;
    /** value → the variable it was handed as */
    private static final Map<String, String> RECORDED = new ConcurrentHashMap<>();

    /** A secret and the name a hit shows instead of it; {@link #toString()} never shows the value. */
    public record Secret(String name, String value) {

        public Secret {
            if (value.length() < SHORTEST) {
                throw new IllegalArgumentException("secret " + name + " is shorter than " + SHORTEST
                        + " characters: a scan for it would hit ordinary text");
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private HandedSecrets() {
    }

    /** Records the secret variables among a packaged server's {@code environment}, as the launcher starts it. */
    public static void recordFrom(Map<String, String> environment) {
        for (String variable : SECRET_VARIABLES) {
            String value = environment.get(variable);
            if (value != null && !value.isEmpty()) {
                RECORDED.putIfAbsent(value, variable);
            }
        }
    }

    /** Every secret to look for, each once: the canaries by their names, then what launchers recorded. */
    public static List<Secret> all() {
        Map<String, String> named = new LinkedHashMap<>();
        for (String canary : Canaries.all()) {
            named.put(canary, Canaries.label(canary));
        }
        RECORDED.forEach((value, variable) -> named.putIfAbsent(value, variable + " of a packaged server"));
        List<String> keys = new ArrayList<>(List.of(Canaries.SECRET_KEY));
        RECORDED.forEach((value, variable) -> {
            if (!variable.equals("MERIDIAN_ADMIN_TOKEN")) {
                keys.add(value);
            }
        });
        for (String key : keys) {
            String name = named.get(key);
            keyBytes(key).ifPresent(bytes -> {
                String hex = HexFormat.of().formatHex(bytes);
                named.putIfAbsent(hex, name + " (its bytes as hex)");
                named.putIfAbsent(hex.toUpperCase(Locale.ROOT), name + " (its bytes as upper-case hex)");
                named.putIfAbsent(new String(bytes, StandardCharsets.ISO_8859_1), name + " (its bytes as text)");
            });
        }
        List<Secret> secrets = new ArrayList<>();
        named.forEach((value, name) -> secrets.add(new Secret(name, value)));
        return secrets;
    }

    /** A base64 key's bytes; nothing for a value that is not base64 (the server refuses it anyway). */
    private static Optional<byte[]> keyBytes(String base64) {
        try {
            return Optional.of(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }
}
