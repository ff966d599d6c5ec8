package io.meridian.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.validation.FieldViolation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A destination's {@code paths} (issue 11): read strictly, checked naming the field path, written back only when set. */
class PathsRuleTest {

    private static String policy(String destination) {
        return "{\"name\":\"p\",\"source\":{\"registry\":\"hz\",\"repositories\":[\"team/**\"]},"
                + "\"tags\":{\"include\":[\".*\"],\"exclude\":[]},\"destinations\":[" + destination + "],"
                + "\"override\":true,\"trigger\":{\"type\":\"manual\"}}";
    }

    @Test
    void requireAndAvoidAreReadAndValid() {
        Policy p = StrictJson.readPolicy(policy("{\"registry\":\"ldn\",\"paths\":{\"require\":[\"accelerated\"]}}"));
        assertThat(p.destinations().get(0).paths().require()).containsExactly("accelerated");
        assertThat(PolicyValidator.validate(p)).isEmpty();
        assertThat(StrictJson.write(p)).contains("\"paths\":{\"require\":[\"accelerated\"],\"avoid\":[]}");
        Policy without = StrictJson.readPolicy(policy("{\"registry\":\"ldn\"}"));
        assertThat(StrictJson.write(without)).doesNotContain("paths");
    }

    @Test
    void badEntriesAreNamedByTheirPath() {
        Policy p = StrictJson.readPolicy(policy(
                "{\"registry\":\"ldn\",\"paths\":{\"require\":[\"Fast Lane\",\"vpc\"],\"avoid\":[\"vpc\"]}}"));
        List<FieldViolation> v = PolicyValidator.validate(p);
        assertThat(v).extracting(FieldViolation::field)
                .containsExactly("destinations[0].paths.require[0]", "destinations[0].paths.avoid");
    }
}
