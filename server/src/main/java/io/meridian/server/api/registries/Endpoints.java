package io.meridian.server.api.registries;

import io.meridian.policies.StrictJson;
import io.meridian.regions.EndpointDefinition;
import io.meridian.regions.EndpointKind;
import io.meridian.regions.RegistryDefinition;
import io.meridian.server.security.UrlGuard;
import io.meridian.validation.Violations;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.type.TypeReference;

/**
 * A registry's {@code endpoints}: checked field by field ({@code endpoints[1].url}) with the SSRF guard on each url
 * and proxy and the CA-bundle check, and stored as the {@code registries.endpoints} JSON column.
 */
public final class Endpoints {

    private Endpoints() {
    }

    /** The checked definitions; violations go to {@code v}. {@code registry} is null when the rest was invalid. */
    static List<EndpointDefinition> check(List<EndpointBody> bodies, RegistryDefinition registry, boolean insecure,
                                          UrlGuard urlGuard, Violations v) {
        if (bodies == null || bodies.isEmpty()) {
            return List.of();
        }
        if (registry != null && registry.kind().chartRepository()) {
            v.add("endpoints", "only OCI registries have endpoints");
            return List.of();
        }
        List<EndpointDefinition> out = EndpointDefinition.checkAll(bodies.size(), i -> {
            EndpointBody b = bodies.get(i);
            return b == null ? null : new EndpointDefinition(b.name(), b.url(),
                    b.kind() == null ? null : EndpointKind.parse(b.kind()), b.reachableFrom(), b.proxy(), b.caBundle());
        }, insecure, v);
        for (int i = 0; i < bodies.size(); i++) {
            EndpointBody b = bodies.get(i);
            if (b == null) {
                continue;
            }
            String at = "endpoints[" + i + "]";
            if (b.url() != null) {
                urlGuard.registrationRefusal(b.url()).ifPresent(r -> v.add(at + ".url", "refused: " + r));
            }
            if (b.proxy() != null && !b.proxy().isBlank()) {
                urlGuard.registrationRefusal(b.proxy()).ifPresent(r -> v.add(at + ".proxy", "refused: " + r));
            }
            if (b.caBundle() != null) {
                CaBundles.problem(b.caBundle(), null).ifPresent(p -> v.add(at + ".caBundle", p));
            }
        }
        return out;
    }

    static String toJson(List<EndpointDefinition> endpoints) {
        List<EndpointBody> bodies = new ArrayList<>();
        for (EndpointDefinition e : endpoints) {
            bodies.add(view(e));
        }
        return StrictJson.MAPPER.writeValueAsString(bodies);
    }

    /** The stored column as definitions (it was checked on the way in). */
    public static List<EndpointDefinition> fromJson(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        List<EndpointBody> bodies = StrictJson.MAPPER.readValue(json, new TypeReference<List<EndpointBody>>() { });
        return bodies.stream().map(b -> new EndpointDefinition(b.name(), b.url(), EndpointKind.parse(b.kind()),
                b.reachableFrom(), b.proxy(), b.caBundle())).toList();
    }

    static List<EndpointBody> views(String json) {
        return fromJson(json).stream().map(Endpoints::view).toList();
    }

    private static EndpointBody view(EndpointDefinition e) {
        return new EndpointBody(e.name(), e.url(), e.kind().json(), e.reachableFrom(), e.proxy(), e.caBundle());
    }
}
