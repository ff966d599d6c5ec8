package io.meridian.server.api.policies;

import io.meridian.policies.Policy;
import io.meridian.policies.StrictYaml;
import io.meridian.server.api.definitions.Bodies;
import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import java.util.List;
import java.util.Locale;

/** Reads a policy body as YAML when its Content-Type says so, else as JSON: same rules, same field paths. */
final class PolicyYaml {

    static final String MEDIA_TYPE = "application/yaml";

    private PolicyYaml() {
    }

    static Policy read(String body, String contentType) {
        if (!isYaml(contentType)) {
            return Bodies.read(body, Policy.class, "policy");
        }
        if (body == null || body.isBlank()) {
            throw new InvalidDefinitionException("policy", List.of(new FieldViolation("$", "a YAML body is required")));
        }
        return StrictYaml.readPolicy(body);
    }

    /** application/yaml, and the older application/x-yaml and text/yaml. */
    static boolean isYaml(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals(MEDIA_TYPE) || type.equals("application/x-yaml") || type.equals("text/yaml");
    }
}
