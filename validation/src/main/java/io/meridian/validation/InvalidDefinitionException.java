package io.meridian.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A definition (region, registry, link, policy, webhook body) was refused. Carries every violation found, not
 * only the first, so a caller can fix them all in one go. The REST layer turns it into a 400
 * problem with one entry per field.
 */
public class InvalidDefinitionException extends IllegalArgumentException {

    private final List<FieldViolation> violations;

    public InvalidDefinitionException(String what, List<FieldViolation> violations) {
        super("invalid " + what + ": "
                + violations.stream().map(FieldViolation::toString).collect(Collectors.joining("; ")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an InvalidDefinitionException needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
