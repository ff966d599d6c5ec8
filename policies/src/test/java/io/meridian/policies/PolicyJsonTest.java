package io.meridian.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

class PolicyJsonTest {

    static final String ISSUE_EXAMPLE = """
            {"name":"apps-to-london","source":{"registry":"hz","repositories":["team*/**"]},\
            "tags":{"include":[".*"],"exclude":[]},"destinations":[{"registry":"ldn","namespace":null}],\
            "override":true,"trigger":{"type":"manual"}}""";

    @Test
    void malformedJsonErrorsDoNotQuoteTheInput() {
        String secret = "hunter2Secret";
        assertThatThrownBy(() -> StrictJson.readPolicy("{\"name\": " + secret + "}"))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> {
                    assertThat(e.violations()).extracting(FieldViolation::message)
                            .anySatisfy(r -> assertThat(r).contains("Unrecognized token"));
                    assertThat(e.getMessage()).doesNotContain(secret);
                    assertThat(e.violations().toString()).doesNotContain(secret);
                });
        assertThat(StrictJson.withoutInput("Cannot deserialize value of type `int` from String \"s3cr3t\": not a number"))
                .doesNotContain("s3cr3t");
    }

    @Test
    void readsAndWritesTheIssueExampleFieldForField() {
        Policy policy = StrictJson.readPolicy(ISSUE_EXAMPLE);
        assertThat(policy.name()).isEqualTo("apps-to-london");
        assertThat(policy.source()).isEqualTo(new Source("hz", List.of("team*/**")));
        assertThat(policy.destinations()).containsExactly(new Destination("ldn", null));
        assertThat(policy.trigger()).isEqualTo(new Trigger.Manual());
        assertThat(StrictJson.MAPPER.readTree(StrictJson.write(policy))).isEqualTo(StrictJson.MAPPER.readTree(ISSUE_EXAMPLE));
    }

    @Test
    void fillsTheDocumentedDefaults() {
        Policy policy = StrictJson.readPolicy("""
                {"name":"p","source":{"registry":"hz","repositories":["**"]},"destinations":[{"registry":"ldn"}]}""");
        assertThat(policy.tags()).isEqualTo(new TagFilter(List.of(".*"), List.of()));
        assertThat(policy.override()).isTrue();
        assertThat(policy.trigger()).isInstanceOf(Trigger.Manual.class);
        assertThat(policy.destinations().get(0).namespace()).isNull();
        JsonNode written = StrictJson.MAPPER.readTree(StrictJson.write(policy));
        assertThat(written.get("destinations").get(0).has("namespace")).isTrue();
        assertThat(written.get("trigger").get("type").asString()).isEqualTo("manual");
    }

    @Test
    void readsEveryTriggerType() {
        assertThat(trigger("{\"type\":\"cron\",\"cron\":\"0 */5 * * * ?\"}")).isEqualTo(new Trigger.Cron("0 */5 * * * ?"));
        assertThat(trigger("{\"type\":\"event\"}")).isEqualTo(new Trigger.Event(Trigger.Event.DEFAULT_DEBOUNCE_SECONDS));
        assertThat(trigger("{\"type\":\"event\",\"debounceSeconds\":30}")).isEqualTo(new Trigger.Event(30));
        assertThat(StrictJson.write(new Trigger.Cron("0 0 * * * ?"))).isEqualTo("{\"type\":\"cron\",\"cron\":\"0 0 * * * ?\"}");
        assertThat(StrictJson.write(new Trigger.Event(5))).isEqualTo("{\"type\":\"event\",\"debounceSeconds\":5}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"name\":\"p\",\"colour\":1}                                   | colour                  | unknown field \"colour\"",
            "{\"source\":{\"registry\":\"hz\",\"repos\":[]}}                  | source.repos            | unknown field \"repos\"",
            "{\"destinations\":[{\"registry\":\"a\",\"ns\":\"x\"}]}           | destinations[0].ns      | unknown field \"ns\"",
            "{\"trigger\":{\"type\":\"hourly\"}}                              | trigger.type            | must be one of manual, cron, event",
            "{\"trigger\":{}}                                                 | trigger.type            | must be one of manual, cron, event",
            "{\"trigger\":{\"type\":\"manual\",\"cron\":\"x\"}}               | trigger.cron            | unknown field \"cron\"",
            "{\"name\":42}                                                  | name                    | must be a string",
            "{\"source\":{\"repositories\":[true]}}                       | source.repositories[0]  | must be a string",
            "{\"override\":\"yes\"}                                           | override                | must be true or false",
            "{\"source\":{\"repositories\":\"team/*\"}}                       | source.repositories     | must be an array",
            "{\"trigger\":{\"type\":\"event\",\"debounceSeconds\":\"ten\"}}   | trigger.debounceSeconds | must be an integer",
            "{\"name\":\"p\"} trailing                                         | $                       | not valid JSON",
            "{\"name\":                                                       | $                       | not valid JSON",
    })
    void refusesBadJsonNamingTheField(String json, String field, String reason) {
        assertThatThrownBy(() -> StrictJson.readPolicy(json))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> {
                    FieldViolation violation = e.violations().get(0);
                    assertThat(violation.field()).isEqualTo(field);
                    assertThat(violation.message()).contains(reason);
                });
    }

    @Test
    void readsAndWritesTheNewFiltersAndOmitsThemWhenAbsent() {
        String json = """
                {"name":"p","source":{"registry":"hz","repositories":["**"],"exclude":["tmp/**"]},\
                "tags":{"include":[".*"],"exclude":[],"semver":">=1.2.0 <2","latest":3,\
                "digests":["sha256:%s"]},"destinations":[{"registry":"ldn","namespace":null}],\
                "override":true,"trigger":{"type":"manual"}}""".formatted("a".repeat(64));
        Policy policy = StrictJson.readPolicy(json);
        assertThat(policy.source().exclude()).containsExactly("tmp/**");
        assertThat(policy.tags().semver()).isEqualTo(">=1.2.0 <2");
        assertThat(policy.tags().latest()).isEqualTo(3);
        assertThat(policy.tags().digests()).containsExactly("sha256:" + "a".repeat(64));
        assertThat(StrictJson.MAPPER.readTree(StrictJson.write(policy))).isEqualTo(StrictJson.MAPPER.readTree(json));
        JsonNode plain = StrictJson.MAPPER.readTree(StrictJson.write(StrictJson.readPolicy(ISSUE_EXAMPLE)));
        assertThat(fieldNames(plain.get("source"))).containsExactly("registry", "repositories");
        assertThat(fieldNames(plain.get("tags"))).containsExactly("include", "exclude");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static Trigger trigger(String json) {
        return StrictJson.readPolicy("{\"trigger\":" + json + "}").trigger();
    }
}
