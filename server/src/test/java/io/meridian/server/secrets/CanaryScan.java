package io.meridian.server.secrets;

import io.meridian.db.testing.TestDatabase;
import io.meridian.sync.testing.Canaries;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Looks for canaries in a {@link SecretsCapture} file and in {@code pg_dump}s. A hit names the canary by its
 * {@link Canaries#label label} and shows where (the record's header and the line, the canary replaced by its
 * label), never the value itself.
 */
final class CanaryScan {

    /** What was scanned and what was found. */
    record Result(long logRecords, long responseRecords, long bytes, int databases, long dumpBytes, List<String> hits) {

        Result plus(Result other) {
            List<String> all = new ArrayList<>(hits);
            all.addAll(other.hits);
            return new Result(logRecords + other.logRecords, responseRecords + other.responseRecords,
                    bytes + other.bytes, databases + other.databases, dumpBytes + other.dumpBytes, all);
        }
    }

    private CanaryScan() {
    }

    /** Every record of a capture file. */
    static Result capture(Path file, List<String> canaries) {
        long logs = 0;
        long responses = 0;
        List<String> hits = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String header = "(before the first record)";
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("### log")) {
                    header = line;
                    logs++;
                    continue;
                }
                if (line.startsWith("### response ")) {
                    header = line;
                    responses++;
                    continue;
                }
                for (String canary : canaries) {
                    if (line.contains(canary)) {
                        hits.add((header.startsWith("### log") ? "log line" : "API " + header.substring(4))
                                + " contains " + Canaries.label(canary) + ": " + shown(line, canaries));
                    }
                }
            }
            return new Result(logs, responses, Files.size(file), 0, 0, hits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain-text {@code pg_dump} of the database, data and schema. */
    static Result database(TestDatabase db, List<String> canaries) {
        String dump = pgDump(db);
        List<String> hits = new ArrayList<>();
        for (String line : dump.split("\n")) {
            for (String canary : canaries) {
                if (line.contains(canary)) {
                    hits.add("pg_dump of " + db.name() + " contains " + Canaries.label(canary) + ": "
                            + shown(line, canaries));
                }
            }
        }
        return new Result(0, 0, 0, 1, dump.length(), hits);
    }

    private static String shown(String line, List<String> canaries) {
        String shown = line;
        for (String canary : canaries) {
            shown = shown.replace(canary, "<" + Canaries.label(canary) + ">");
        }
        return shown.length() > 300 ? shown.substring(0, 300) + "…" : shown;
    }

    private static String pgDump(TestDatabase db) {
        try {
            ProcessBuilder builder = new ProcessBuilder("pg_dump", "-h", host(db), "-p", port(db), "-U", db.user(),
                    "--no-owner", db.name());
            if (!db.password().isEmpty()) {
                builder.environment().put("PGPASSWORD", db.password());
            }
            Process dump = builder.redirectErrorStream(true).start();
            byte[] text = dump.getInputStream().readAllBytes();
            if (!dump.waitFor(120, TimeUnit.SECONDS) || dump.exitValue() != 0) {
                dump.destroyForcibly();
                throw new IllegalStateException("pg_dump " + db.name() + " failed: "
                        + new String(text, StandardCharsets.UTF_8));
            }
            return new String(text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code jdbc:postgresql://host:port/name} → host. */
    private static String host(TestDatabase db) {
        return db.jdbcUrl().replaceFirst("^jdbc:postgresql://", "").replaceFirst(":\\d+/.*$", "");
    }

    private static String port(TestDatabase db) {
        return db.jdbcUrl().replaceFirst("^jdbc:postgresql://[^:]+:", "").replaceFirst("/.*$", "");
    }
}
