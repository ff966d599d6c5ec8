package io.meridian.policies;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.meridian.validation.Names;
import java.util.ArrayList;
import java.util.List;
import org.semver4j.Semver;
import org.semver4j.range.RangeList;
import org.semver4j.range.RangeListFactory;

/**
 * A {@code tags.semver} range in npm syntax: comparators ({@code >=1.2.0 <2}), tilde ({@code ~1.4}),
 * caret ({@code ^2}), x-ranges ({@code 1.x}, {@code 1.2.*}), hyphen ranges ({@code 1.2 - 2.3.4}) and
 * alternatives joined by {@code ||}. Evaluated by semver4j with npm's rules: a pre-release tag
 * ({@code 2.0.0-rc.1}) only matches a range that names a pre-release of the same major.minor.patch.
 *
 * <p>semver4j quietly reads what it does not understand as "no constraint" or drops it, so the
 * range is first checked here against the grammar above and refused, with the reason, when it
 * does not fit: a typo must be a 400, never a filter that takes every tag.
 */
public final class SemverRange {

    private static final String NR = "(?:0|[1-9][0-9]*)";
    private static final String W = "[xX*]";
    private static final String IDENT = "[0-9A-Za-z-]+";
    private static final String QUALIFIER = "(?:-" + IDENT + "(?:\\." + IDENT + ")*)?(?:\\+" + IDENT + "(?:\\." + IDENT + ")*)?";
    /** 1, 1.2, 1.2.3-rc.1, 1.x, 1.2.*, x: once a part is a wildcard, every later part is one too. */
    private static final String PARTIAL = "v?(?:" + W + "(?:\\." + W + "){0,2}|" + NR + "(?:\\." + W + "){0,2}|"
            + NR + "\\." + NR + "(?:\\." + W + ")?|" + NR + "\\." + NR + "\\." + NR + QUALIFIER + ")";
    private static final String OPERATORS = "<=|>=|<|>|=|~>|~|\\^";
    private static final Pattern OPERATOR = Pattern.compile(OPERATORS);
    private static final Pattern COMPARATOR = Pattern.compile("(" + OPERATORS + ")?(" + PARTIAL + ")");
    private static final Pattern VERSION = Pattern.compile(PARTIAL);
    private static final Pattern WILDCARD = Pattern.compile("v?" + W + "(?:\\." + W + "){0,2}");
    /** ^0, ^0.x: semver4j reads these as "anything"; npm means &lt;1.0.0. */
    private static final Pattern CARET_ZERO_MAJOR = Pattern.compile("v?0(?:\\." + W + "){0,2}");
    /** ^0.0, ^0.0.x: semver4j reads these as "nothing"; npm means &lt;0.1.0. */
    private static final Pattern CARET_ZERO_MINOR = Pattern.compile("v?0\\.0(?:\\." + W + ")?");
    private static final int MAX_LENGTH = 256;

    private final String text;
    private final RangeList range;

    private SemverRange(String text, RangeList range) {
        this.text = text;
        this.range = range;
    }

    /** @throws IllegalArgumentException with the reason, see {@link #problem(String)} */
    public static SemverRange compile(String range) {
        String problem = problem(range);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new SemverRange(range, RangeListFactory.create(normalized(range)));
    }

    /** @return null when {@code range} is a range this class understands, else why not */
    public static String problem(String range) {
        if (range == null || range.isBlank()) {
            return "must not be empty (use \"*\" for every semver tag, or leave it out)";
        }
        if (range.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters";
        }
        for (String alternative : split(range)) {
            String problem = alternativeProblem(alternative.strip());
            if (problem != null) {
                return "not a semver range (e.g. \">=1.2.0 <2\", \"~1.4\", \"^2\", \"1.x\"): " + problem
                        + " in \"" + Names.printable(range) + "\"";
            }
        }
        return null;
    }

    private static List<String> split(String range) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = range.indexOf("||"); i >= 0; i = range.indexOf("||", start)) {
            parts.add(range.substring(start, i));
            start = i + 2;
        }
        parts.add(range.substring(start));
        return parts;
    }

    private static String alternativeProblem(String alternative) {
        if (alternative.isEmpty()) {
            return "an empty alternative around '||'";
        }
        List<String> tokens = tokens(alternative);
        if (tokens.size() == 3 && tokens.get(1).equals("-")) {
            for (String end : List.of(tokens.get(0), tokens.get(2))) {
                if (!VERSION.matches(end)) {
                    return "'" + Names.printable(end) + "' is not a version";
                }
            }
            return null;
        }
        for (String token : tokens) {
            Matcher m = COMPARATOR.matcher(token);
            if (!m.matches()) {
                return "'" + Names.printable(token) + "' is not a comparator";
            }
            if (m.group(1) != null && !m.group(1).equals("=") && WILDCARD.matches(m.group(2))) {
                return "'" + Names.printable(token) + "': a wildcard takes no operator (\"*\" is every version)";
            }
        }
        return null;
    }

    /**
     * The range as semver4j reads it correctly: forms it gets wrong (checked against npm by
     * SemverRangeTest and the property test's model) are spelt out as plain comparators.
     */
    static String normalized(String range) {
        List<String> alternatives = new ArrayList<>();
        for (String alternative : split(range)) {
            List<String> tokens = tokens(alternative.strip());
            if (tokens.size() == 3 && tokens.get(1).equals("-")) {
                alternatives.add(String.join(" ", tokens));
                continue;
            }
            List<String> out = new ArrayList<>();
            for (String token : tokens) {
                Matcher m = COMPARATOR.matcher(token);
                m.matches();
                String operator = m.group(1) == null ? "" : m.group(1);
                String version = m.group(2);
                if (WILDCARD.matches(version)) {
                    out.add("*");
                } else if (operator.equals("^") && CARET_ZERO_MAJOR.matches(version)) {
                    out.add(">=0.0.0 <1.0.0");
                } else if (operator.equals("^") && CARET_ZERO_MINOR.matches(version)) {
                    out.add(">=0.0.0 <0.1.0");
                } else {
                    out.add(token);
                }
            }
            alternatives.add(String.join(" ", out));
        }
        return String.join(" || ", alternatives);
    }

    /** Whitespace-separated tokens, an operator standing alone joined to the version after it ({@code >= 1.2}). */
    private static List<String> tokens(String alternative) {
        List<String> raw = new ArrayList<>();
        for (String token : alternative.split("\\s+")) {
            if (!token.isEmpty()) {
                raw.add(token);
            }
        }
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String token = raw.get(i);
            if (OPERATOR.matches(token) && i + 1 < raw.size()) {
                token = token + raw.get(++i);
            }
            tokens.add(token);
        }
        return tokens;
    }

    /** True when {@code tag} is a semver version (see {@link SemverTags}) inside this range. */
    public boolean matches(String tag) {
        Semver version = SemverTags.parse(tag);
        return version != null && version.satisfies(range);
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
