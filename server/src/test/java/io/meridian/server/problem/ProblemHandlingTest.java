package io.meridian.server.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.server.ServerTestBase;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ProblemHandlingTest extends ServerTestBase {

    @Test
    void rejectsAnUnknownPropertyNamingIt() {
        HttpResponse<String> r = postJson("/api/v1/test-probe/validated",
                "{\"name\":\"a\",\"count\":1,\"items\":[{\"registry\":\"hz\",\"colour\":\"red\"}]}");
        assertProblem(r, 400);
        assertThat(r.body()).contains("\"field\":\"items[0].colour\"").contains("unknown property 'colour'");
    }

    @Test
    void namesEveryInvalidField() {
        HttpResponse<String> r = postJson("/api/v1/test-probe/validated",
                "{\"name\":\"\",\"count\":0,\"items\":[{\"registry\":\" \"}]}");
        assertProblem(r, 400);
        assertThat(r.body()).contains("\"errors\"").contains("\"field\":\"name\"").contains("\"field\":\"count\"")
                .contains("\"field\":\"items[0].registry\"");
    }

    @Test
    void namesAFieldOfTheWrongType() {
        HttpResponse<String> r = postJson("/api/v1/test-probe/validated", "{\"name\":\"a\",\"count\":\"many\"}");
        assertProblem(r, 400);
        assertThat(r.body()).contains("\"field\":\"count\"");
    }

    @Test
    void reportsMalformedJson() {
        HttpResponse<String> r = postJson("/api/v1/test-probe/validated", "{\"name\":");
        assertProblem(r, 400);
        assertThat(r.body()).contains("\"field\":\"$\"");
    }

    @Test
    void rendersApiProblemsWithTheirStatusAndField() {
        HttpResponse<String> r = postJson("/api/v1/test-probe/conflict", "{}");
        assertProblem(r, 409);
        assertThat(r.body()).contains("\"field\":\"name\"").contains("already exists");
    }

    @Test
    void unsupportedMethodIsAProblemToo() {
        HttpResponse<String> r = get("/api/v1/test-probe/conflict");
        assertProblem(r, 405);
    }

    private static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(r.body()).contains("\"status\":" + status);
    }
}
