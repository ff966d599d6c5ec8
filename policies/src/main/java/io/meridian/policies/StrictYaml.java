package io.meridian.policies;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Policies as YAML ({@code application/yaml}): the same document as the JSON, read with the same
 * strict rules as {@link StrictJson}, so an error names the same field path
 * ({@code destinations[1].namespace}) whichever format it came in.
 */
public final class StrictYaml {

    public static final YAMLMapper MAPPER = StrictJson.strict(YAMLMapper.builder())
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            // trigger: {type: cron, ...} exactly as in JSON, not a YAML tag (!<cron>)
            .disable(YAMLWriteFeature.USE_NATIVE_TYPE_ID)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();

    private StrictYaml() {
    }

    /** @throws InvalidDefinitionException naming the field when {@code yaml} does not fit {@code type} */
    public static <T> T read(String yaml, Class<T> type, String what) {
        try {
            T value = MAPPER.readValue(yaml, type);
            if (value == null) {
                throw new InvalidDefinitionException(what, List.of(new FieldViolation("$", "a YAML mapping is required")));
            }
            return value;
        } catch (JacksonException e) {
            FieldViolation v = StrictJson.violation(e);
            throw new InvalidDefinitionException(what, List.of(
                    new FieldViolation(v.field(), v.message().replace("is not valid JSON", "is not valid YAML"))));
        }
    }

    public static Policy readPolicy(String yaml) {
        return read(yaml, Policy.class, "policy");
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
