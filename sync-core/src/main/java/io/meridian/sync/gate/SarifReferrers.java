package io.meridian.sync.gate;

import io.meridian.sync.oci.Descriptor;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.Manifest;
import io.meridian.sync.oci.MediaType;
import io.meridian.sync.oci.Reference;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.transfer.GuardedRegistry;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The report as an OCI referrer of the artifact whose {@code artifactType} is {@code application/sarif+json}
 * (what {@code oras attach --artifact-type application/sarif+json} makes of a {@code trivy --format sarif} or
 * {@code grype -o sarif} output), found through the referrers API or, on registries without one (distribution
 * 2.8), the {@code sha256-<hex>} fallback tag. With several reports the newest by the
 * {@code org.opencontainers.image.created} annotation counts (a rescan supersedes an older one); the layer read is
 * the one of media type {@code application/sarif+json}, else the first.
 */
public final class SarifReferrers implements ReportSource {

    public static final MediaType SARIF = new MediaType("application/sarif+json");
    static final String CREATED = "org.opencontainers.image.created";
    /** A SARIF log of a large image with thousands of findings is a few MiB; above this it is refused. */
    static final int MAX_REPORT_BYTES = 32 * 1024 * 1024;

    @Override
    public Optional<VulnerabilityReport> find(GuardedRegistry source, RepositoryName repo, Digest artifact) {
        List<Descriptor> reports = source.referrers(repo, artifact).stream()
                .filter(d -> d.artifactType().filter(SARIF::equals).isPresent())
                .toList();
        if (reports.isEmpty()) {
            return Optional.empty();
        }
        Descriptor newest = reports.stream()
                .max(Comparator.comparing((Descriptor d) -> d.annotations().getOrDefault(CREATED, ""))
                        .thenComparing(d -> d.digest().toString()))
                .orElseThrow();
        Manifest manifest = source.getManifest(repo, Reference.digest(newest.digest())).parse();
        if (!(manifest instanceof Manifest.ImageManifest image) || image.layers().isEmpty()) {
            throw new IllegalArgumentException("SARIF referrer " + newest.digest().shortForm() + " has no layer to read");
        }
        Descriptor layer = image.layers().stream().filter(l -> l.mediaType().equals(SARIF)).findFirst()
                .orElse(image.layers().get(0));
        byte[] bytes = source.readSmallBlob(repo, layer.digest(), MAX_REPORT_BYTES);
        return Optional.of(SarifReport.read(bytes, "SARIF referrer " + newest.digest().shortForm()));
    }
}
