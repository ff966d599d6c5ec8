package io.meridian.server.audit;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Blanks every value whose field name says it is a secret (password, secret, token, key,
 * credential…) anywhere in a JSON tree, so an audit record can never hold one even if a view
 * starts carrying it. Nulls stay null (so "no password" remains visible).
 */
final class Redactor {

    static final String REDACTED = "[redacted]";
    private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "key", "credential",
            "authorization");

    private Redactor() {
    }

    static JsonNode redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String field : List.copyOf(object.propertyNames())) {
                JsonNode value = object.get(field);
                if (secret(field) && value != null && !value.isNull() && !value.isContainer()) {
                    object.put(field, REDACTED);
                } else {
                    redact(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(Redactor::redact);
        }
        return node;
    }

    static boolean secret(String field) {
        String lower = field.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(lower::contains);
    }
}
