package io.meridian.server.secrets;

import io.meridian.server.testing.HandedSecrets.Secret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Looks for secrets in files, line by line: the logs of packaged servers, test reports. A hit names the file, the
 * line number and the secret by its {@link Secret#name() name}, and shows the line with every secret replaced by its
 * name — never a value. Lines are read as ISO-8859-1, so any byte sequence reads and an ASCII secret matches.
 */
final class LogFileScan {

    private static final int SHOWN = 240;

    /** A secret on a line of a file. */
    record Hit(Path file, long line, String secret, String shown) {
        @Override
        public String toString() {
            return file + ":" + line + " contains " + secret + ": " + shown;
        }
    }

    /** What was read and what was found. */
    record Result(List<Path> files, long lines, long bytes, List<Hit> hits) {
    }

    private LogFileScan() {
    }

    /** The regular files under {@code directory}, sorted; none if it does not exist. */
    static List<Path> filesUnder(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result scan(List<Path> files, List<Secret> secrets) {
        long lines = 0;
        long bytes = 0;
        List<Hit> hits = new ArrayList<>();
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                long number = 0;
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    number++;
                    for (Secret secret : secrets) {
                        if (line.contains(secret.value())) {
                            hits.add(new Hit(file, number, secret.name(), shown(line, secrets)));
                        }
                    }
                }
                lines += number;
                bytes += Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException("scanning " + file + " for secrets", e);
            }
        }
        return new Result(List.copyOf(files), lines, bytes, hits);
    }

    private static String shown(String line, List<Secret> secrets) {
        String shown = line;
        for (Secret secret : secrets) {
            shown = shown.replace(secret.value(), "<" + secret.name() + ">");
        }
        return shown.length() > SHOWN ? shown.substring(0, SHOWN) + "…" : shown;
    }
}
