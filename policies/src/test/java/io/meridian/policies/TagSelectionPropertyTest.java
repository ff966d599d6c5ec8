package io.meridian.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Laws of tag and repository selection checked against a deliberately naive reference model:
 * versions are generated as (major, minor, patch, rc) tuples whose order and range membership
 * the model computes by plain arithmetic, never through semver4j or RE2.
 */
class TagSelectionPropertyTest {

    private static final long SEED = 20261203L;
    private static final String[] NON_SEMVER = {"latest", "stable", "main", "1.2", "v1", "edge-1", "1.2.3.4", "01.2.3",
            "nightly-2024", "sha256-abc.sig", "2.0", "v2.0.0.1"};
    private static final String[] TAG_REGEXES = {".*", "v.*", "[0-9].*", ".*-rc\\.[0-9]+", "latest", "[a-z]+", "1\\..*"};
    private static final String[] GLOBS = {"**", "team*/**", "team-a/*", "**/app", "lib/*", "*", "team-?/**", "**/db*"};

    /** A generated semver tag: its tuple, known to the model without parsing. */
    private record Version(int major, int minor, int patch, int rc) implements Comparable<Version> {
        /** rc &lt; 0: a release. */
        boolean release() {
            return rc < 0;
        }

        @Override
        public int compareTo(Version o) {
            int c = Comparator.comparingInt(Version::major).thenComparingInt(Version::minor)
                    .thenComparingInt(Version::patch).compare(this, o);
            if (c != 0) {
                return c;
            }
            if (release() != o.release()) {
                return release() ? 1 : -1; // a release outranks its pre-releases
            }
            return Integer.compare(rc, o.rc);
        }

        boolean within(int[] low, int[] high) {
            Version lo = new Version(low[0], low[1], low[2], -1);
            Version hi = new Version(high[0], high[1], high[2], -1);
            return compareTo(lo) >= 0 && compareTo(hi) < 0;
        }
    }

    /** A generated range and its membership as the model sees it (releases only: npm never matches rc here). */
    private record Range(String text, int[] low, int[] high) {
        boolean contains(Version v) {
            return v.release() && v.within(low, high);
        }
    }

    @Test
    void lawSemverRangeAgreesWithTheModel() {
        Random random = new Random(SEED);
        for (int round = 0; round < 3000; round++) {
            Range range = randomRange(random);
            Map<String, Version> tags = randomTags(random, 1);
            String tag = tags.keySet().iterator().next();
            Version v = tags.get(tag);
            boolean expected = v != null && range.contains(v);
            assertThat(SemverRange.compile(range.text()).matches(tag))
                    .as("seed %d round %d: %s ∋ %s", SEED, round, range.text(), tag).isEqualTo(expected);
        }
    }

    @Test
    void lawSelectTagsIsFilterThenNewestN() {
        Random random = new Random(SEED + 1);
        for (int round = 0; round < 1500; round++) {
            Map<String, Version> tags = randomTags(random, random.nextInt(40));
            List<String> include = pick(random, TAG_REGEXES, 1 + random.nextInt(2));
            List<String> exclude = pick(random, TAG_REGEXES, random.nextInt(2));
            Range range = random.nextInt(3) == 0 ? null : randomRange(random);
            Integer latest = random.nextInt(4) == 0 ? null : 1 + random.nextInt(6);
            Policy policy = new Policy("p", new Source("hz", List.of("**")),
                    new TagFilter(include, exclude, range == null ? null : range.text(), latest, List.of()),
                    List.of(new Destination("ldn", null)), true, null);
            List<String> all = new ArrayList<>(tags.keySet());
            java.util.Collections.shuffle(all, random);

            List<String> expected = new ArrayList<>();
            for (String tag : all) {
                boolean in = include.stream().anyMatch(r -> Pattern.matches(r, tag))
                        && exclude.stream().noneMatch(r -> Pattern.matches(r, tag))
                        && (range == null || tags.get(tag) != null && range.contains(tags.get(tag)));
                if (in) {
                    expected.add(tag);
                }
            }
            if (latest != null) {
                expected.sort(modelNewestFirst(tags));
                expected = expected.subList(0, Math.min(latest, expected.size()));
            }
            assertThat(PolicyEvaluator.of(policy).selectTags(all))
                    .as("seed %d round %d: tags %s include %s exclude %s semver %s latest %s", SEED + 1, round, all, include,
                            exclude, range == null ? null : range.text(), latest)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void lawRepositoryExcludeWins() {
        Random random = new Random(SEED + 2);
        for (int round = 0; round < 3000; round++) {
            List<String> include = pick(random, GLOBS, 1 + random.nextInt(2));
            List<String> exclude = pick(random, GLOBS, random.nextInt(3));
            PolicyEvaluator evaluator = PolicyEvaluator.of(new Policy("p", new Source("hz", include, exclude), null,
                    List.of(new Destination("ldn", null)), true, null));
            String repository = RepositoryGlobTest.randomRepository(random);
            boolean expected = include.stream().anyMatch(g -> globModel(g).matcher(repository).matches())
                    && exclude.stream().noneMatch(g -> globModel(g).matcher(repository).matches());
            assertThat(evaluator.matchesRepository(repository))
                    .as("seed %d round %d: %s include %s exclude %s", SEED + 2, round, repository, include, exclude)
                    .isEqualTo(expected);
        }
    }

    /** Semver first, by the model's tuple order descending, ties by name descending; then the rest by name descending. */
    private static Comparator<String> modelNewestFirst(Map<String, Version> tags) {
        return (a, b) -> {
            Version va = tags.get(a);
            Version vb = tags.get(b);
            if (va != null && vb != null) {
                int c = vb.compareTo(va);
                return c != 0 ? c : b.compareTo(a);
            }
            if (va != null || vb != null) {
                return va != null ? -1 : 1;
            }
            return b.compareTo(a);
        };
    }

    private static Range randomRange(Random random) {
        int a = random.nextInt(4);
        int b = random.nextInt(5);
        int c = random.nextInt(5);
        return switch (random.nextInt(9)) {
            case 5 -> new Range("~" + a, new int[] {a, 0, 0}, new int[] {a + 1, 0, 0});
            case 6 -> a == 0 && b == 0
                    ? new Range("^0.0", new int[] {0, 0, 0}, new int[] {0, 1, 0})
                    : a == 0 ? new Range("^0." + b, new int[] {0, b, 0}, new int[] {0, b + 1, 0})
                    : new Range("^" + a + "." + b, new int[] {a, b, 0}, new int[] {a + 1, 0, 0});
            case 7 -> new Range(random.nextBoolean() ? "*" : "x", new int[] {0, 0, 0}, new int[] {Integer.MAX_VALUE, 0, 0});
            case 8 -> new Range(a + "." + b, new int[] {a, b, 0}, new int[] {a, b + 1, 0});
            case 0 -> {
                int d = a + 1 + random.nextInt(2);
                yield new Range(">=" + a + "." + b + "." + c + " <" + d, new int[] {a, b, c}, new int[] {d, 0, 0});
            }
            case 1 -> new Range("~" + a + "." + b, new int[] {a, b, 0}, new int[] {a, b + 1, 0});
            case 2 -> new Range("^" + a, new int[] {a, 0, 0}, new int[] {a + 1, 0, 0});
            case 3 -> new Range(a + ".x", new int[] {a, 0, 0}, new int[] {a + 1, 0, 0});
            default -> new Range(a + "." + b + ".x", new int[] {a, b, 0}, new int[] {a, b + 1, 0});
        };
    }

    /** Distinct tags; semver ones mapped to their tuple, others to null. */
    private static Map<String, Version> randomTags(Random random, int n) {
        Map<String, Version> tags = new HashMap<>();
        Set<String> order = new LinkedHashSet<>();
        while (order.size() < n) {
            if (random.nextInt(4) == 0) {
                String tag = NON_SEMVER[random.nextInt(NON_SEMVER.length)];
                if (order.add(tag)) {
                    tags.put(tag, null);
                }
                continue;
            }
            Version v = new Version(random.nextInt(4), random.nextInt(5), random.nextInt(5),
                    random.nextInt(5) == 0 ? random.nextInt(12) : -1);
            String tag = (random.nextInt(3) == 0 ? "v" : "") + v.major() + "." + v.minor() + "." + v.patch()
                    + (v.release() ? "" : "-rc." + v.rc());
            if (order.add(tag)) {
                tags.put(tag, v);
            }
        }
        Map<String, Version> ordered = new java.util.LinkedHashMap<>();
        order.forEach(t -> ordered.put(t, tags.get(t)));
        return ordered;
    }

    /** The glob grammar as a plain java.util.regex: the model, not the implementation. */
    private static Pattern globModel(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            if (glob.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            } else if (glob.startsWith("**", i)) {
                regex.append(".*");
                i += 1;
            } else if (ch == '*') {
                regex.append("[^/]*");
            } else if (ch == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static List<String> pick(Random random, String[] pool, int n) {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            picked.add(pool[random.nextInt(pool.length)]);
        }
        return picked;
    }
}
