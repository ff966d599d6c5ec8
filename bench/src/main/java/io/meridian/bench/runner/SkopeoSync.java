package io.meridian.bench.runner;

import io.meridian.bench.data.Dataset;
import io.meridian.bench.registry.Parallel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * skopeo 1.9.3 as documented: {@code skopeo sync --all --preserve-digests} once per repository (it cannot list a
 * registry), either one after another ({@code width 1}) or as an operator's script runs them, {@code width} at a
 * time. Destinations are synced one after another, each with the same script.
 */
public record SkopeoSync(int width, Path logDir) implements Copier {

    @Override
    public String name() {
        return width == 1 ? "skopeo-seq" : "skopeo×" + width;
    }

    @Override
    public Outcome copy(Dataset data, Target target) {
        long start = System.nanoTime();
        for (String destination : target.destinations()) {
            List<Runnable> syncs = new ArrayList<>();
            for (String repo : data.repositories()) {
                syncs.add(() -> sync(target.source(), repo, destination));
            }
            Parallel.run(width, syncs);
        }
        return Outcome.timed(start, "");
    }

    private void sync(String source, String repo, String destination) {
        String namespace = repo.contains("/") ? repo.substring(0, repo.lastIndexOf('/')) : "";
        List<String> cmd = List.of("skopeo", "sync", "--src", "docker", "--dest", "docker", "--all",
                "--preserve-digests", "--src-tls-verify=false", "--dest-tls-verify=false",
                source + "/" + repo, destination + (namespace.isEmpty() ? "" : "/" + namespace));
        try {
            Files.createDirectories(logDir);
            Path log = Files.createTempFile(logDir, "skopeo-", ".log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int exit = p.waitFor();
            if (exit != 0) {
                List<String> lines = Files.readAllLines(log);
                String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
                throw new IllegalStateException("skopeo sync " + repo + " → " + destination + " exited " + exit
                        + " (log " + log + "):\n" + tail);
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException("running skopeo for " + repo, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running skopeo for " + repo, e);
        }
    }
}
