package io.meridian.sync.helm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Charts packaged the way {@code helm package} lays them out: {@code <name>/Chart.yaml}, values, a template. */
public final class TestCharts {

    private TestCharts() {
    }

    /** A packaged chart: the {@code .tgz} bytes and their digest. */
    public record Packaged(String name, String version, byte[] tgz, ChartDigest digest, String chartYaml) {
        public String fileName() {
            return name + "-" + version + ".tgz";
        }

        /** A provenance file in Helm's layout (a clear-signed YAML block naming the archive's sha256). Not really signed. */
        public byte[] prov() {
            return ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" + chartYaml + "\n...\nfiles:\n  " + fileName()
                    + ": sha256:" + digest.hex() + "\n-----BEGIN PGP SIGNATURE-----\n\nnot-a-real-signature\n"
                    + "-----END PGP SIGNATURE-----\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    public static Packaged chart(String name, String version) {
        return chart(name, version, "1.0.0");
    }

    public static Packaged chart(String name, String version, String appVersion) {
        String chartYaml = "apiVersion: v2\nname: " + name + "\nversion: " + version + "\nappVersion: \"" + appVersion
                + "\"\ndescription: A test chart " + name + "\ntype: application\nkeywords:\n  - test\n"
                + "maintainers:\n  - name: Meridian\n    email: ops@example.com\n";
        byte[] tgz = tgz(Map.of(
                name + "/Chart.yaml", chartYaml,
                name + "/values.yaml", "replicaCount: 1\nimage: nginx:1.27\n",
                name + "/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n"));
        return new Packaged(name, version, tgz, sha256(tgz), chartYaml);
    }

    static byte[] tgz(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (var e : new java.util.TreeMap<>(files).entrySet()) {
                byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(content.length);
                entry.setMode(0644);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code <dir>/Chart.yaml} of a packaged chart, as Helm's loader finds it. */
    static String chartYaml(byte[] tgz) {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tgz)))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String[] parts = e.getName().split("/");
                if (parts.length == 2 && parts[1].equals("Chart.yaml")) {
                    return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not a chart archive: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("chart archive has no <name>/Chart.yaml");
    }

    public static ChartDigest sha256(byte[] bytes) {
        try {
            return ChartDigest.of(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
