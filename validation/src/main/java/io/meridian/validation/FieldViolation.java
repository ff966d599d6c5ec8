package io.meridian.validation;

import java.util.Objects;

/**
 * One reason why a definition was refused: the JSON-pointer-ish path of the offending field
 * ({@code url}, {@code source.repositories[1]}) and a message a person can act on.
 */
public record FieldViolation(String field, String message) {

    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
