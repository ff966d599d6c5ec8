package io.meridian.sync.oci.auth;

import io.meridian.sync.oci.RepositoryName;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** Token scopes (distribution token spec): {@code repository:<name>:<actions>} and {@code registry:catalog:*}. */
public final class Scopes {

    public static final String CATALOG = "registry:catalog:*";

    private Scopes() {
    }

    public static Set<String> pull(RepositoryName repo) {
        return Set.of("repository:" + repo.value() + ":pull");
    }

    public static Set<String> push(RepositoryName repo) {
        return Set.of("repository:" + repo.value() + ":pull,push");
    }

    public static Set<String> delete(RepositoryName repo) {
        return Set.of("repository:" + repo.value() + ":delete,pull,push");
    }

    /** A mount needs push on the target and pull on the source, in one token. */
    public static Set<String> mount(RepositoryName target, RepositoryName from) {
        return Set.of("repository:" + target.value() + ":pull,push", "repository:" + from.value() + ":pull");
    }

    public static Set<String> catalog() {
        return Set.of(CATALOG);
    }

    /**
     * Merges scopes, uniting the actions of the same resource, so a widened challenge scope and the scopes we
     * asked for go into one token request.
     */
    public static Set<String> merge(Collection<String> a, Collection<String> b) {
        java.util.Map<String, Set<String>> byResource = new java.util.TreeMap<>();
        for (Collection<String> c : java.util.List.of(a, b)) {
            for (String scope : c) {
                for (String one : splitChallengeScope(scope)) {
                    int last = one.lastIndexOf(':');
                    if (last <= 0) {
                        byResource.computeIfAbsent(one, k -> new TreeSet<>());
                        continue;
                    }
                    byResource.computeIfAbsent(one.substring(0, last), k -> new TreeSet<>())
                            .addAll(Arrays.asList(one.substring(last + 1).split(",")));
                }
            }
        }
        Set<String> out = new TreeSet<>();
        byResource.forEach((res, actions) -> out.add(actions.isEmpty() ? res : res + ":" + String.join(",", actions)));
        return out;
    }

    /** A challenge's {@code scope} may hold several space-separated scopes. */
    static String[] splitChallengeScope(String scope) {
        return scope.trim().split("\\s+");
    }

    /** Stable cache key of a scope set. */
    public static String key(Set<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }
}
