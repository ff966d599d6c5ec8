package io.meridian.sync.plan;

import io.meridian.sync.oci.RepositoryName;
import java.util.Objects;
import java.util.Optional;

/**
 * One destination of a plan: the registry and an optional namespace that prefixes each
 * destination repository ({@code team/app} with namespace {@code mirror} → {@code mirror/team/app}).
 */
public record DestinationSpec(String registry, Optional<String> namespace) {

    public DestinationSpec {
        Objects.requireNonNull(registry, "registry");
        namespace = namespace == null ? Optional.empty() : namespace.filter(n -> !n.isBlank())
                .map(n -> n.replaceAll("^/+|/+$", ""));
        namespace.ifPresent(n -> RepositoryName.parse(n));
    }

    public RepositoryName destinationRepository(RepositoryName source) {
        return namespace.map(n -> RepositoryName.parse(n + "/" + source.value())).orElse(source);
    }
}
