package io.meridian.server.problem;

import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error leaves as RFC 9457 {@code application/problem+json}. Input errors carry
 * {@code field} (the first offending JSON path) and {@code errors} (all of them, each
 * {@code {field, reason}}), so a client can point at the exact input.
 *
 * <p>Ordered last on purpose: it ends with catch-alls ({@link IllegalArgumentException},
 * {@link Exception}), and Spring asks advices in order, taking the first that matches at all.
 * A more specific advice elsewhere must carry a higher precedence ({@code @Order} below
 * {@link Ordered#LOWEST_PRECEDENCE}).
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    /** One offending input. */
    public record FieldError(String field, String reason) {
    }

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem e) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        if (e.field() != null) {
            withFields(pd, List.of(new FieldError(e.field(), e.getMessage())));
        }
        return ResponseEntity.status(e.status()).body(pd);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldError::field))
                .toList();
        return badRequest(errors);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Object> illegalArgument(IllegalArgumentException e) {
        // Value types validate on construction; their message names the value.
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        return ResponseEntity.badRequest().body(pd);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        LOG.error("unhandled error", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                        "Internal error; see the server log."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        e.getBindingResult().getFieldErrors()
                .forEach(f -> errors.add(new FieldError(f.getField(), f.getDefaultMessage())));
        e.getBindingResult().getGlobalErrors()
                .forEach(g -> errors.add(new FieldError(g.getObjectName(), g.getDefaultMessage())));
        return badRequest(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err -> errors.add(
                new FieldError(r.getMethodParameter().getParameterName(), err.getDefaultMessage()))));
        return badRequest(errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException u) {
            String field = JsonPaths.of(u.getPath());
            return badRequest(List.of(new FieldError(field, "unknown property '" + u.getPropertyName() + "'")));
        }
        if (cause instanceof JacksonException j && !j.getPath().isEmpty()) {
            String field = JsonPaths.of(j.getPath());
            return badRequest(List.of(new FieldError(field, JsonPaths.reason(j))));
        }
        if (cause instanceof JacksonException j) {
            return badRequest(List.of(new FieldError("$", "malformed JSON: " + JsonPaths.reason(j))));
        }
        return badRequest(List.of(new FieldError("$", "request body is missing or unreadable")));
    }

    private ResponseEntity<Object> badRequest(List<FieldError> errors) {
        String detail = errors.isEmpty() ? "Invalid request." : errors.stream()
                .map(f -> f.field() + ": " + f.reason()).reduce((a, b) -> a + "; " + b).orElseThrow();
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        pd.setTitle("Invalid request");
        withFields(pd, errors);
        return ResponseEntity.badRequest().body(pd);
    }

    private static void withFields(ProblemDetail pd, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            pd.setProperty("field", errors.get(0).field());
            pd.setProperty("errors", errors.stream()
                    .map(f -> Map.of("field", f.field(), "reason", f.reason())).toList());
        }
    }

    private static String lastNode(String propertyPath) {
        // "create.body.name" → "name": drop the method and parameter names
        String[] parts = propertyPath.split("\\.", 3);
        return parts.length == 3 ? parts[2] : propertyPath;
    }
}
