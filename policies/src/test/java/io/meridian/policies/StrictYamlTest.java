package io.meridian.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrictYamlTest {

    private static final String FULL = """
            {"name":"p","source":{"registry":"hz","repositories":["team/**"],"exclude":["team/tmp"]},\
            "tags":{"include":["v.*"],"exclude":[".*-rc"],"semver":">=1.2.0 <2","latest":3,"digests":["sha256:%s"]},\
            "destinations":[{"registry":"ldn","namespace":null},{"registry":"fra","namespace":"mirror/hz"}],\
            "override":false,"trigger":{"type":"cron","cron":"0 0/5 * * * ?"}}""".formatted("c".repeat(64));

    @Test
    void roundTripsEveryFieldThroughYaml() {
        Policy policy = StrictJson.readPolicy(FULL);
        String yaml = StrictYaml.write(policy);
        assertThat(yaml).contains("semver: '>=1.2.0 <2'").contains("type: cron").contains("latest: 3").doesNotStartWith("---");
        assertThat(StrictYaml.readPolicy(yaml)).isEqualTo(policy);
        assertThat(StrictJson.MAPPER.readTree(StrictJson.write(StrictYaml.readPolicy(yaml))))
                .isEqualTo(StrictJson.MAPPER.readTree(FULL));
    }

    @Test
    void namesTheSameFieldPathsAsJson() {
        assertThatThrownBy(() -> StrictYaml.readPolicy("""
                name: p
                destinations:
                  - registry: ldn
                  - registry: fra
                    prefix: x
                """)).isInstanceOfSatisfying(InvalidDefinitionException.class, e ->
                assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("destinations[1].prefix"));
        assertThatThrownBy(() -> StrictYaml.readPolicy("tags: {latest: three}"))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e ->
                        assertThat(e.violations()).extracting(FieldViolation::toString)
                                .containsExactly("tags.latest: must be an integer"));
        assertThatThrownBy(() -> StrictYaml.readPolicy("name: \"unterminated\n"))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e ->
                        assertThat(e.violations().get(0).message()).startsWith("is not valid YAML"));
        Policy invalid = StrictYaml.readPolicy("""
                name: p
                source: {registry: hz, repositories: ["**"]}
                destinations: [{registry: ldn}, {registry: fra, namespace: Bad}]
                """);
        assertThat(PolicyValidator.validate(invalid)).extracting(FieldViolation::field)
                .containsExactly("destinations[1].namespace");
        assertThat(List.of(StrictYaml.readPolicy("name: p").trigger())).containsExactly(new Trigger.Manual());
    }
}
