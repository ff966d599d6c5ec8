package io.meridian.server.api.registries;

import java.util.List;

/**
 * One more endpoint of a registry as a client sends and reads it (docs/PATHS.md):
 * {@code {"name":"vpc","url":"https://…","kind":"vpc","reachableFrom":["cn-hangzhou"],"proxy":null,"caBundle":null}}.
 * {@code kind} is public, vpc or accelerated; {@code reachableFrom} absent = every node.
 */
public record EndpointBody(String name, String url, String kind, List<String> reachableFrom, String proxy,
                           String caBundle) {
}
