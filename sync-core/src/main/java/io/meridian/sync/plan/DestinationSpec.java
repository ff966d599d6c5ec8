package io.meridian.sync.plan;

import io.meridian.sync.oci.RepositoryName;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One destination of a plan: the registry, an optional {@code rename} of the source repository path and an optional
 * namespace that prefixes the (renamed) path ({@code team/app} with namespace {@code mirror} → {@code mirror/team/app}),
 * and what to do when a tag there points elsewhere.
 *
 * @param rename     source path → destination path before the namespace; identity when the policy has none
 * @param onConflict empty: the plan's {@code override} decides
 */
public record DestinationSpec(String registry, Optional<String> namespace, UnaryOperator<String> rename,
                              Optional<ConflictMode> onConflict) {

    public DestinationSpec {
        Objects.requireNonNull(registry, "registry");
        namespace = namespace == null ? Optional.empty() : namespace.filter(n -> !n.isBlank())
                .map(n -> n.replaceAll("^/+|/+$", ""));
        namespace.ifPresent(n -> RepositoryName.parse(n));
        rename = rename == null ? UnaryOperator.identity() : rename;
        onConflict = onConflict == null ? Optional.empty() : onConflict;
    }

    /** A destination without rename that follows the plan's {@code override}. */
    public DestinationSpec(String registry, Optional<String> namespace) {
        this(registry, namespace, null, Optional.empty());
    }

    /**
     * Renamed first, then prefixed by the namespace.
     *
     * @throws IllegalArgumentException naming the result when it is not a valid repository name
     */
    public RepositoryName destinationRepository(RepositoryName source) {
        String renamed = rename.apply(source.value());
        String name = namespace.map(n -> n + "/" + renamed).orElse(renamed);
        try {
            return RepositoryName.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + (name.length() > 300 ? name.substring(0, 300) + "..." : name)
                    + "\" (renamed from " + source.value() + ") is not a valid repository name: " + e.getMessage(), e);
        }
    }
}
