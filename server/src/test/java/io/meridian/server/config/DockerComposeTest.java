package io.meridian.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Docker can't run here, so docker-compose.yml is checked by reading it. */
class DockerComposeTest {

    /** Spring Boot / JVM variables Meridian reads besides its own meridian.* properties. */
    private static final Set<String> STANDARD = Set.of("SERVER_PORT", "JAVA_TOOL_OPTIONS");

    private final JsonNode compose = YAMLMapper.builder().build()
            .readTree(Path.of("..", "docker-compose.yml").toFile());

    @Test
    void everyImageIsPinnedToAVersion() {
        assertThat(compose.path("services").propertyNames()).isNotEmpty();
        compose.path("services").properties().forEach(e -> {
            String image = e.getValue().path("image").asString("");
            assertThat(image).as("service %s has an image", e.getKey()).isNotBlank();
            boolean digest = image.contains("@sha256:");
            String tag = image.contains(":") ? image.substring(image.lastIndexOf(':') + 1) : "";
            assertThat(digest || (!tag.isEmpty() && !tag.equals("latest") && tag.matches(".*\\d.*")))
                    .as("service %s pins its image (%s)", e.getKey(), image).isTrue();
        });
    }

    @Test
    void meridianOnlyGetsVariablesItReads() throws IOException {
        Set<String> known = new HashSet<>(STANDARD);
        ConfigurationReferenceTest.metadata().forEach(p -> known.add(ConfigurationReferenceTest.envVar(p.path("name").asString())));
        JsonNode env = compose.path("services").path("meridian").path("environment");
        assertThat(env.isObject()).as("meridian service has an environment map").isTrue();
        assertThat(env.propertyNames()).isNotEmpty().allSatisfy(name -> assertThat(known)
                .as("Meridian reads %s", name).contains(name));
        assertThat(env.propertyNames()).contains("MERIDIAN_DB_URL", "MERIDIAN_ADMIN_TOKEN", "MERIDIAN_SECRET_KEY");
    }

    @Test
    void hasPostgresThreeRegistriesS3AndDragonfly() {
        Set<String> images = new HashSet<>();
        compose.path("services").forEach(s -> images.add(s.path("image").asString().replaceAll(":.*", "")));
        assertThat(images).contains("postgres", "registry", "adobe/s3mock", "dragonflyoss/manager",
                "dragonflyoss/scheduler", "dragonflyoss/dfdaemon");
        long registries = compose.path("services").valueStream()
                .filter(s -> s.path("image").asString().startsWith("registry:")).count();
        assertThat(registries).isEqualTo(3);
    }

    @Test
    void meridianTalksToTheComposePostgresWithItsCredentials() {
        JsonNode pg = compose.path("services").path("postgres").path("environment");
        JsonNode env = compose.path("services").path("meridian").path("environment");
        assertThat(env.path("MERIDIAN_DB_URL").asString())
                .isEqualTo("jdbc:postgresql://postgres:5432/" + pg.path("POSTGRES_DB").asString());
        assertThat(env.path("MERIDIAN_DB_USER").asString()).isEqualTo(pg.path("POSTGRES_USER").asString());
        assertThat(env.path("MERIDIAN_DB_PASSWORD").asString()).isEqualTo(pg.path("POSTGRES_PASSWORD").asString());
        // secrets come from the operator's environment, never from the file
        assertThat(env.path("MERIDIAN_ADMIN_TOKEN").asString()).startsWith("${MERIDIAN_ADMIN_TOKEN:?");
        assertThat(env.path("MERIDIAN_SECRET_KEY").asString()).startsWith("${MERIDIAN_SECRET_KEY:?");
    }

    @Test
    void dependenciesNameServicesAndMountedConfigFilesExist() {
        Set<String> services = new HashSet<>(compose.path("services").propertyNames());
        compose.path("services").properties().forEach(e -> {
            JsonNode deps = e.getValue().path("depends_on");
            Iterable<String> names = deps.isArray() ? deps.valueStream().map(JsonNode::asString).toList()
                    : deps.propertyNames();
            names.forEach(d -> assertThat(services).as("%s depends on %s", e.getKey(), d).contains(d));
            e.getValue().path("volumes").forEach(v -> {
                String source = v.asString().split(":")[0];
                if (source.startsWith("./") && !source.contains("/target/")) { // target/ is built by mvn package
                    assertThat(Path.of("..").resolve(source)).as("%s mounts %s", e.getKey(), source).exists();
                }
            });
        });
    }
}
