package io.meridian.regions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import io.meridian.validation.Violations;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointDefinitionTest {

    @Test
    void normalisesUrlAndProxy() {
        EndpointDefinition e = new EndpointDefinition("vpc", "HTTPS://Reg-VPC.Example.com/", EndpointKind.VPC,
                List.of("cn-hangzhou"), "http://Egress.example:3128/", null);
        assertThat(e.url()).isEqualTo("https://reg-vpc.example.com");
        assertThat(e.proxy()).isEqualTo("http://egress.example:3128");
        assertThat(e.reachableFrom("cn-hangzhou")).isTrue();
        assertThat(e.reachableFrom("eu-london")).isFalse();
        assertThat(e.reachableFrom(null)).isFalse();
    }

    @Test
    void namesEachBadFieldByItsPathInTheList() {
        Violations v = new Violations();
        List<EndpointDefinition> ok = EndpointDefinition.checkAll(3, i -> switch (i) {
            case 0 -> new EndpointDefinition("acc", "https://a.example", EndpointKind.ACCELERATED, null, null, null);
            case 1 -> new EndpointDefinition("x", "ftp://b", EndpointKind.PUBLIC, List.of("Bad Region"),
                    "socks5://p:1", null);
            default -> new EndpointDefinition("acc", "http://c.example", EndpointKind.PUBLIC, null, null, null);
        }, false, v);
        assertThat(ok).hasSize(2);
        assertThat(v.list()).extracting(FieldViolation::field).containsExactly("endpoints[1].url",
                "endpoints[1].reachableFrom[0]", "endpoints[1].proxy", "endpoints[2].name", "endpoints[2].url");
    }

    @Test
    void aNullRegionInReachableFromIsAViolation() {
        assertThatThrownBy(() -> new EndpointDefinition("vpc", "https://a", EndpointKind.VPC,
                java.util.Arrays.asList("hz", null), null, null))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field).containsExactly("reachableFrom[1]"));
    }

    @Test
    void defaultIsTheRegistryUrlsName() {
        assertThatThrownBy(() -> new EndpointDefinition("default", "https://a", EndpointKind.PUBLIC, null, null, null))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field).containsExactly("name"));
    }

    @Test
    void regionsTakeNodesAndOriginBandwidth() {
        Region r = new Region("ldn", null, null, 800, 10_000.0);
        assertThat(r.nodes()).isEqualTo(800);
        assertThatThrownBy(() -> new Region("ldn", null, null, 0, -1.0))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field).containsExactly("nodes", "originBandwidthMbps"));
    }
}
