package io.meridian.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.validation.FieldViolation;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Issue 14's copy rules: artifacts, platforms, destinations' rename and onConflict — JSON, validation, renaming. */
class CopyRulesTest {

    static final String FULL = """
            {"name":"p","source":{"registry":"hz","repositories":["**"]},
             "artifacts":["image","signature"],
             "platforms":{"include":["linux/amd64","linux/arm64/v8"],"mode":"rewrite"},
             "destinations":[{"registry":"ldn","namespace":"mirror","rename":{"from":"library/(.*)","to":"$1"},
                              "onConflict":"backup"}]}""";

    @Test
    void readsAndWritesTheCopyRulesAndOmitsThemWhenAbsent() {
        Policy policy = StrictJson.readPolicy(FULL);
        assertThat(policy.artifacts()).containsExactly("image", "signature");
        assertThat(policy.platforms()).isEqualTo(new Platforms(List.of("linux/amd64", "linux/arm64/v8"), "rewrite"));
        assertThat(policy.destinations().get(0)).isEqualTo(new Destination("ldn", "mirror",
                new Rename("library/(.*)", "$1"), "backup"));
        assertThat(PolicyValidator.validate(policy)).isEmpty();
        JsonNode written = StrictJson.MAPPER.readTree(StrictJson.write(policy));
        assertThat(written.get("artifacts").toString()).isEqualTo("[\"image\",\"signature\"]");
        assertThat(written.get("destinations").get(0).get("rename").get("to").asString()).isEqualTo("$1");
        assertThat(StrictJson.readPolicy(StrictJson.write(policy))).isEqualTo(policy);
        assertThat(StrictYaml.readPolicy(StrictYaml.write(policy))).isEqualTo(policy);

        JsonNode plain = StrictJson.MAPPER.readTree(StrictJson.write(StrictJson.readPolicy(PolicyJsonTest.ISSUE_EXAMPLE)));
        assertThat(plain.has("artifacts")).isFalse();
        assertThat(plain.has("platforms")).isFalse();
        assertThat(plain.get("destinations").get(0).has("rename")).isFalse();
        assertThat(plain.get("destinations").get(0).has("onConflict")).isFalse();
        assertThat(plain.get("destinations").get(0).has("namespace")).as("namespace stays, null").isTrue();
    }

    @Test
    void reportsEveryCopyRuleProblemWithItsFieldPath() {
        Policy bad = StrictJson.readPolicy("""
                {"name":"p","source":{"registry":"hz","repositories":["**"]},
                 "artifacts":["image","helm","image"],
                 "platforms":{"include":["linux","Linux/AMD64","linux/arm64"],"mode":"both"},
                 "destinations":[{"registry":"ldn","namespace":null},
                                 {"registry":"fra","namespace":null,"rename":{"from":"(a+)\\\\1","to":"$1"},"onConflict":"replace"},
                                 {"registry":"par","namespace":null,"rename":{"from":"team/(.*)","to":"x/$2"}},
                                 {"registry":"hz","namespace":null,"rename":{"from":"(.*)","to":"copy/$1"}},
                                 {"registry":"ams","namespace":null,"rename":{"from":"","to":""}}]}""");
        List<FieldViolation> violations = PolicyValidator.validate(bad);
        assertThat(violations).extracting(FieldViolation::field).containsExactly(
                "artifacts[1]", "artifacts[2]", "platforms.include[0]", "platforms.include[1]", "platforms.mode",
                "destinations[1].rename.from", "destinations[1].onConflict", "destinations[2].rename.to",
                "destinations[4].rename.from", "destinations[4].rename.to");
        assertThat(message(violations, "artifacts[1]")).contains("image", "helm-chart", "signature", "\"helm\"");
        assertThat(message(violations, "artifacts[2]")).isEqualTo("duplicates artifacts[0]");
        assertThat(message(violations, "platforms.include[0]")).contains("os/architecture[/variant]");
        assertThat(message(violations, "destinations[1].rename.from")).startsWith("not a valid regular expression (RE2");
        assertThat(message(violations, "destinations[1].onConflict")).contains("overwrite", "keep", "backup");
        assertThat(message(violations, "destinations[2].rename.to")).contains("$2", "1 group");
        Policy emptyLists = StrictJson.readPolicy("""
                {"name":"p","source":{"registry":"hz","repositories":["**"]},"artifacts":[],"platforms":{},
                 "destinations":[{"registry":"ldn","namespace":null}]}""");
        assertThat(PolicyValidator.validate(emptyLists)).extracting(FieldViolation::field)
                .containsExactly("artifacts", "platforms.include", "platforms.mode");
    }

    @Test
    void renameAppliesToTheWholePathThenTheNamespacePrefixesIt() {
        Policy policy = StrictJson.readPolicy(FULL);
        PolicyEvaluator evaluator = PolicyEvaluator.of(policy);
        Destination ldn = policy.destinations().get(0);
        assertThat(evaluator.destinationRepository(ldn, "library/nginx")).isEqualTo("mirror/nginx");
        assertThat(evaluator.destinationRepository(ldn, "team/library/nginx")).as("from matches the whole path only")
                .isEqualTo("mirror/team/library/nginx");
        Destination flatten = new Destination("ldn", null, new Rename("([^/]+)/([^/]+)/(.*)", "$1-$2-$3"), null);
        assertThat(evaluator.destinationRepository(flatten, "a/b/c/d")).isEqualTo("a-b-c/d");
        Destination named = new Destination("ldn", null, new Rename("(?P<team>[^/]+)/(.*)", "teams/${team}/$2"), null);
        assertThat(evaluator.destinationRepository(named, "red/app")).isEqualTo("teams/red/app");
    }

    @Test
    void lawARenameWithoutGroupsOrAMatchIsTheIdentity() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        RepositoryRename neverMatches = RepositoryRename.compile(new Rename("zzz-never/(.*)", "$1"));
        RepositoryRename identity = RepositoryRename.compile(new Rename("(.*)", "$1"));
        for (int i = 0; i < 500; i++) {
            String path = randomPath(random);
            assertThat(neverMatches.apply(path)).as("seed %d, path %s", seed, path).isEqualTo(path);
            assertThat(identity.apply(path)).as("seed %d, path %s", seed, path).isEqualTo(path);
        }
    }

    @Test
    void conflictModeFollowsOverrideWhenAbsent() {
        assertThat(new Destination("ldn", null).conflictMode(true)).isEqualTo("overwrite");
        assertThat(new Destination("ldn", null).conflictMode(false)).isEqualTo("keep");
        assertThat(new Destination("ldn", null, null, "backup").conflictMode(false)).isEqualTo("backup");
        assertThat(new Destination("ldn", null, null, "keep").conflictMode(true)).isEqualTo("keep");
    }

    private static String randomPath(Random random) {
        StringBuilder path = new StringBuilder();
        int parts = 1 + random.nextInt(4);
        for (int p = 0; p < parts; p++) {
            path.append(p == 0 ? "" : "/");
            int len = 1 + random.nextInt(10);
            for (int c = 0; c < len; c++) {
                path.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
            }
        }
        return path.toString();
    }

    private static String message(List<FieldViolation> violations, String field) {
        return violations.stream().filter(v -> v.field().equals(field)).findFirst().orElseThrow().message();
    }
}
