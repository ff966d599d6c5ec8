package io.meridian.server.api.definitions;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A refused definition (region, registry, policy) becomes a 400 problem in the same shape as
 * every other input error: {@code field} (the first offender) and {@code errors}, one
 * {@code {field, reason}} per violation. Ordered first because {@link InvalidDefinitionException}
 * is an {@link IllegalArgumentException}, which the general handler renders without fields.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DefinitionProblemHandler {

    @ExceptionHandler(InvalidDefinitionException.class)
    ResponseEntity<ProblemDetail> invalidDefinition(InvalidDefinitionException e) {
        return ResponseEntity.badRequest().body(problem(e.violations()));
    }

    static ProblemDetail problem(List<FieldViolation> violations) {
        String detail = violations.stream().map(FieldViolation::toString).collect(Collectors.joining("; "));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Invalid request");
        problem.setProperty("field", violations.get(0).field());
        problem.setProperty("errors", violations.stream()
                .map(v -> Map.of("field", v.field(), "reason", v.message())).toList());
        return problem;
    }
}
