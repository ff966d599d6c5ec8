package io.meridian.policies;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.meridian.validation.Names;

/**
 * A tag filter: a regular expression that must match the whole tag. RE2 syntax (as Java's, minus
 * backreferences and lookaround), matched by RE2J in time linear in the tag, so a user's pattern
 * can never stall a plan over thousands of tags.
 */
public final class TagPattern {

    /** Longest accepted pattern: tags are at most 128 characters, and a huge pattern is costly to compile. */
    public static final int MAX_LENGTH = 1024;

    private final String regex;
    private final Pattern compiled;

    private TagPattern(String regex, Pattern compiled) {
        this.regex = regex;
        this.compiled = compiled;
    }

    /** @throws IllegalArgumentException with the reason, see {@link #problem(String)} */
    public static TagPattern compile(String regex) {
        String problem = problem(regex);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new TagPattern(regex, Pattern.compile(regex));
    }

    /** @return null when {@code regex} compiles as RE2, else "not a valid regular expression (RE2 syntax…): …" */
    public static String problem(String regex) {
        if (regex == null || regex.isEmpty()) {
            return "must not be empty (use \".*\" for every tag)";
        }
        if (regex.length() > MAX_LENGTH) {
            return "must be at most " + MAX_LENGTH + " characters, was " + regex.length();
        }
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return "not a valid regular expression (RE2 syntax: no back-references or look-around): "
                    + Names.printable(e.getDescription()) + " in \"" + Names.printable(regex) + "\"";
        }
    }

    public boolean matches(String tag) {
        return compiled.matches(tag);
    }

    public String regex() {
        return regex;
    }

    @Override
    public String toString() {
        return regex;
    }
}
