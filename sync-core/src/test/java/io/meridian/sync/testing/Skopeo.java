package io.meridian.sync.testing;

import io.meridian.sync.oci.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the installed skopeo as an independent peer to check what our client pushed. */
public final class Skopeo {

    private Skopeo() {
    }

    /** {@code skopeo inspect --raw docker://<host>/<repo>:<tag or @digest>}: the manifest bytes as served. */
    public static byte[] inspectRaw(LocalRegistry registry, String repoAndReference) {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "inspect", "--raw", "--tls-verify=false"));
        if (registry.credentials() instanceof Credentials.Basic b) {
            cmd.add("--creds");
            cmd.add(b.username() + ":" + b.password());
        }
        String sep = repoAndReference.contains("@") || repoAndReference.contains(":") ? "" : ":latest";
        cmd.add("docker://" + registry.hostPort() + "/" + repoAndReference + sep);
        return run(cmd);
    }

    /**
     * {@code skopeo copy --all --preserve-digests} between two repositories of loopback registries (anonymous),
     * with an accept-anything signature policy: a peer implementation reading everything we pushed.
     */
    public static void copyAll(LocalRegistry from, String fromRef, LocalRegistry to, String toRef) {
        try {
            java.nio.file.Path policy = java.nio.file.Files.createTempFile("skopeo-policy", ".json");
            java.nio.file.Files.writeString(policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
            try {
                run(List.of("skopeo", "--policy", policy.toString(), "copy", "--all", "--preserve-digests",
                        "--src-tls-verify=false", "--dest-tls-verify=false",
                        "docker://" + from.hostPort() + "/" + fromRef, "docker://" + to.hostPort() + "/" + toRef));
            } finally {
                java.nio.file.Files.deleteIfExists(policy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getErrorStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("skopeo timed out: " + cmd.subList(0, 3));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("skopeo exited " + p.exitValue() + ": " + new String(err.join()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
