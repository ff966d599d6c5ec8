package io.meridian.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects violations while a definition is checked, then throws them all at once. */
public final class Violations {

    private final List<FieldViolation> found = new ArrayList<>();

    public Violations add(String field, String message) {
        found.add(new FieldViolation(field, message));
        return this;
    }

    public Violations addAll(List<FieldViolation> more) {
        found.addAll(more);
        return this;
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public List<FieldViolation> list() {
        return List.copyOf(found);
    }

    /** @param what names the kind of definition in the exception message, e.g. "region" */
    public void throwIfAny(String what) {
        if (!found.isEmpty()) {
            throw new InvalidDefinitionException(what, found);
        }
    }
}
