package io.meridian.server.problem;

import org.springframework.http.HttpStatus;

/**
 * An error a REST handler raises on purpose; rendered as RFC 9457 problem+json with the
 * offending {@code field} (when there is one). Messages must never contain a secret.
 *
 * <pre>{@code throw ApiProblem.badRequest("destinations[0].registry", "unknown registry 'ldn'");}</pre>
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String field;

    public ApiProblem(HttpStatus status, String field, String detail) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    public static ApiProblem badRequest(String field, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, field, detail);
    }

    public static ApiProblem notFound(String what, String name) {
        return new ApiProblem(HttpStatus.NOT_FOUND, null, what + " '" + name + "' does not exist");
    }

    public static ApiProblem conflict(String field, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, field, detail);
    }

    public HttpStatus status() {
        return status;
    }

    /** The JSON path of the offending input, or null. */
    public String field() {
        return field;
    }
}
