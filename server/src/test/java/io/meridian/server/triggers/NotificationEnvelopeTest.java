package io.meridian.server.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The distribution envelope as distribution 2.8.2 sends it, and refusals naming the field. */
class NotificationEnvelopeTest {

    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    /** Pretty-printed like distribution's notification sink: a layer push, a tagged manifest push, a pull. */
    static final String DISTRIBUTION_ENVELOPE = """
            {
               "events": [
                  {
                     "id": "5b7d2a5c-1",
                     "timestamp": "2026-11-28T06:00:00.000000000Z",
                     "action": "push",
                     "target": {
                        "mediaType": "application/octet-stream",
                        "size": 1000,
                        "digest": "%1$s",
                        "length": 1000,
                        "repository": "team/app",
                        "url": "http://127.0.0.1:5000/v2/team/app/blobs/%1$s"
                     },
                     "request": {"id": "r1", "addr": "127.0.0.1:4000", "host": "127.0.0.1:5000", "method": "PUT", "useragent": "meridian"},
                     "actor": {},
                     "source": {"addr": "host:5000", "instanceID": "i1"}
                  },
                  {
                     "id": "5b7d2a5c-2",
                     "timestamp": "2026-11-28T06:00:00.100000000Z",
                     "action": "push",
                     "target": {
                        "mediaType": "application/vnd.oci.image.manifest.v1+json",
                        "size": 400,
                        "digest": "%1$s",
                        "length": 400,
                        "repository": "team/app",
                        "url": "http://127.0.0.1:5000/v2/team/app/manifests/%1$s",
                        "tag": "1.2.0"
                     },
                     "request": {"id": "r2", "method": "PUT"},
                     "actor": {},
                     "source": {"addr": "host:5000", "instanceID": "i1"}
                  },
                  {
                     "id": "5b7d2a5c-3",
                     "action": "pull",
                     "target": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "%1$s",
                                "repository": "team/app", "tag": "1.2.0"}
                  }
               ]
            }
            """.formatted(DIGEST);

    @Test
    void takesOnlyTaggedManifestPushes() {
        NotificationEnvelope.Parsed parsed = NotificationEnvelope.parse(DISTRIBUTION_ENVELOPE);
        assertThat(parsed.pushed()).singleElement().satisfies(p -> {
            assertThat(p.repository()).isEqualTo("team/app");
            assertThat(p.tag()).isEqualTo("1.2.0");
            assertThat(p.digest().toString()).isEqualTo(DIGEST);
        });
        assertThat(parsed.ignored()).isEqualTo(2);
    }

    @Test
    void acceptsAnEmptyEventList() {
        assertThat(NotificationEnvelope.parse("{\"events\":[]}").pushed()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                                  | $",
            "not json                                            | $",
            "[]                                                  | $",
            "{}                                                  | events",
            "{\"events\":{}}                                     | events",
            "{\"events\":[1]}                                    | events[0]",
            "{\"events\":[{}]}                                   | events[0].action",
            "{\"events\":[{\"action\":7}]}                       | events[0].action",
            "{\"events\":[{\"action\":\"push\"}]}                | events[0].target",
            "{\"events\":[{\"action\":\"push\",\"target\":{\"digest\":\"DIGEST\",\"repository\":\"a/b\",\"tag\":\"v1\"}}]} | events[0].target.mediaType",
            "{\"events\":[{\"action\":\"push\",\"target\":{\"mediaType\":\"m\",\"digest\":\"sha256:zz\",\"repository\":\"a/b\",\"tag\":\"v1\"}}]} | events[0].target.digest",
            "{\"events\":[{\"action\":\"push\",\"target\":{\"mediaType\":\"m\",\"digest\":\"DIGEST\",\"repository\":\"A/B\",\"tag\":\"v1\"}}]} | events[0].target.repository",
            "{\"events\":[{\"action\":\"push\",\"target\":{\"mediaType\":\"m\",\"digest\":\"DIGEST\",\"tag\":\"v1\"}}]} | events[0].target.repository",
            "{\"events\":[{\"action\":\"pull\"},{\"action\":\"push\",\"target\":{\"mediaType\":\"m\",\"digest\":\"DIGEST\",\"repository\":\"a/b\",\"tag\":\"-bad\"}}]} | events[1].target.tag",
    })
    void refusesNamingTheField(String body, String field) {
        String json = body.replace("DIGEST", DIGEST);
        assertThatThrownBy(() -> NotificationEnvelope.parse(json))
                .isInstanceOfSatisfying(InvalidDefinitionException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field).as(e.getMessage()).containsExactly(field));
    }

    @Test
    void refusesTooManyEvents() {
        String event = "{\"action\":\"pull\"}";
        String body = "{\"events\":[" + String.join(",", java.util.Collections.nCopies(NotificationEnvelope.MAX_EVENTS + 1, event)) + "]}";
        assertThatThrownBy(() -> NotificationEnvelope.parse(body)).isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("events");
    }
}
