package io.meridian.policies;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import io.meridian.validation.Names;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads definitions (policies, and the server's region and registry bodies) strictly: unknown
 * fields, {@code "true"} for {@code true}, trailing garbage and nulls for numbers are refused, and
 * every refusal becomes a {@link FieldViolation} naming the field path the way
 * {@link PolicyValidator} does ({@code destinations[0].registry}; {@code $} for the document itself).
 */
public final class StrictJson {

    public static final JsonMapper MAPPER = strict(JsonMapper.builder()).build();

    /** The strict reading rules, for a mapper of any format (YAML uses the same, see {@link StrictYaml}). */
    static <M extends tools.jackson.databind.ObjectMapper, B extends MapperBuilder<M, B>> B strict(B builder) {
        return builder
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // 42 or true where a string belongs is a mistake in the request, not a name.
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    private StrictJson() {
    }

    /** @throws InvalidDefinitionException naming the field when {@code json} does not fit {@code type} */
    public static <T> T read(String json, Class<T> type, String what) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidDefinitionException(what, List.of(new FieldViolation("$", "a JSON object is required")));
            }
            return value;
        } catch (JacksonException e) {
            throw new InvalidDefinitionException(what, List.of(violation(e)));
        }
    }

    public static Policy readPolicy(String json) {
        return read(json, Policy.class, "policy");
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Turns a Jackson refusal into "field: reason"; the message never echoes more than the offending name. */
    public static FieldViolation violation(JacksonException e) {
        String path = path(e.getPath());
        if (e instanceof UnrecognizedPropertyException unknown) {
            String accepted = unknown.getKnownPropertyIds() == null ? ""
                    : "; accepted: " + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", "));
            return new FieldViolation(path, "unknown field \"" + Names.printable(unknown.getPropertyName()) + "\"" + accepted);
        }
        if (e instanceof InvalidTypeIdException) {
            return new FieldViolation(path.equals("$") ? "type" : path + ".type", "must be one of " + Trigger.TYPES);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new FieldViolation(path, "must be " + describe(mismatch.getTargetType()));
        }
        TokenStreamLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new FieldViolation(path, "is not valid JSON" + where + ": "
                + Names.printable(withoutInput(String.valueOf(e.getOriginalMessage()))));
    }

    /**
     * A Jackson message minus the input it quotes ({@code Unrecognized token 'hunter2'}, {@code from String
     * "hunter2"}): that input may be a secret typed without quotes, and an error must never echo a secret.
     */
    public static String withoutInput(String jacksonMessage) {
        return jacksonMessage.replaceAll("Unrecognized token '[^']*'", "Unrecognized token")
                .replaceAll("from String \"[^\"]*\"", "from a String");
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    /** A Jackson reference path as {@code destinations[0].registry}; {@code $} for the root. */
    public static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : references) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }
}
