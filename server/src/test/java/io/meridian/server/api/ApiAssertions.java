package io.meridian.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Small helpers shared by the definition API tests: parse JSON, check problem documents. */
public final class ApiAssertions {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private ApiAssertions() {
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** Asserts an RFC 9457 problem with {@code status}; returns the document. */
    public static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as("content type of " + response.body()).startsWith("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }

    /** The {@code field} of every entry in a 400 problem's {@code errors}. */
    public static List<String> errorFields(HttpResponse<String> response) {
        JsonNode problem = problem(response, 400);
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    public static String reason(HttpResponse<String> response, String field) {
        for (JsonNode e : json(response).get("errors")) {
            if (e.get("field").asString().equals(field)) {
                return e.get("reason").asString();
            }
        }
        throw new AssertionError("no error for field " + field + " in " + response.body());
    }

    public static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
