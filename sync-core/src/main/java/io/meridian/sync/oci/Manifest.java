package io.meridian.sync.oci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A parsed manifest: an image (or artifact) manifest, or an index of manifests. */
public sealed interface Manifest permits Manifest.ImageManifest, Manifest.ImageIndex {

    MediaType mediaType();

    Optional<MediaType> artifactType();

    Optional<Descriptor> subject();

    Map<String, String> annotations();

    /** What must exist in the repository before this manifest can be pushed: config + layers, or child manifests. */
    List<Descriptor> references();

    /** Docker v2 or OCI image manifest; with {@code artifactType}/{@code subject} also an OCI 1.1 artifact. */
    record ImageManifest(MediaType mediaType, Descriptor config, List<Descriptor> layers,
                         Optional<MediaType> artifactType, Optional<Descriptor> subject,
                         Map<String, String> annotations) implements Manifest {
        public ImageManifest {
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(config, "config");
            layers = List.copyOf(layers);
            artifactType = artifactType == null ? Optional.empty() : artifactType;
            subject = subject == null ? Optional.empty() : subject;
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        }

        @Override
        public List<Descriptor> references() {
            List<Descriptor> all = new ArrayList<>(layers.size() + 1);
            all.add(config);
            all.addAll(layers);
            return List.copyOf(all);
        }

        /** The OCI 1.1 artifact type: {@code artifactType} if set, else the config media type. */
        public MediaType effectiveArtifactType() {
            return artifactType.orElse(config.mediaType());
        }

        public boolean isHelmChart() {
            return config.mediaType().equals(MediaType.HELM_CONFIG);
        }
    }

    /** Docker manifest list or OCI image index. */
    record ImageIndex(MediaType mediaType, List<Descriptor> manifests, Optional<MediaType> artifactType,
                      Optional<Descriptor> subject, Map<String, String> annotations) implements Manifest {
        public ImageIndex {
            Objects.requireNonNull(mediaType, "mediaType");
            manifests = List.copyOf(manifests);
            artifactType = artifactType == null ? Optional.empty() : artifactType;
            subject = subject == null ? Optional.empty() : subject;
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        }

        @Override
        public List<Descriptor> references() {
            return manifests;
        }
    }
}
