package io.meridian.policies;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.meridian.validation.Names;
import io.meridian.validation.Violations;

/**
 * A compiled {@link Rename}: {@code from} must match the <b>whole</b> source repository path (RE2, linear time), and
 * the path becomes {@code to} with {@code $1}…/{@code ${name}} replaced by {@code from}'s groups; a path it does not
 * match keeps its name. The one place that checks and applies renames.
 */
public final class RepositoryRename {

    private final Pattern whole;
    private final String replacement;

    private RepositoryRename(Pattern whole, String replacement) {
        this.whole = whole;
        this.replacement = replacement;
    }

    /** @throws IllegalArgumentException naming the problem when {@link #check} would report one */
    public static RepositoryRename compile(Rename rename) {
        Violations v = new Violations();
        check(rename, "rename", v);
        if (!v.isEmpty()) {
            throw new IllegalArgumentException(v.list().get(0).toString());
        }
        return new RepositoryRename(Pattern.compile("^(?:" + rename.from() + ")$"), rename.to());
    }

    /** The renamed path (not yet checked as a repository name: the caller says which destination it is for). */
    public String apply(String sourceRepository) {
        Matcher m = whole.matcher(sourceRepository);
        return m.matches() ? m.replaceFirst(replacement) : sourceRepository;
    }

    /** Adds a violation per problem of {@code rename} at {@code field}.from / {@code field}.to. */
    public static void check(Rename rename, String field, Violations v) {
        if (rename.from() == null || rename.from().isEmpty()) {
            v.add(field + ".from", "must be a regular expression (RE2) matching the whole source repository path,"
                    + " e.g. \"library/(.*)\"");
        } else if (rename.from().length() > TagPattern.MAX_LENGTH) {
            v.add(field + ".from", "must be at most " + TagPattern.MAX_LENGTH + " characters, was " + rename.from().length());
        } else {
            try {
                Pattern from = Pattern.compile(rename.from());
                if (rename.to() != null) {
                    String problem = replacementProblem(rename.to(), from);
                    if (problem != null) {
                        v.add(field + ".to", problem);
                    }
                }
            } catch (PatternSyntaxException e) {
                v.add(field + ".from", "not a valid regular expression (RE2 syntax: no back-references or look-around): "
                        + Names.printable(e.getDescription()) + " in \"" + Names.printable(rename.from()) + "\"");
            }
        }
        if (rename.to() == null || rename.to().isEmpty()) {
            v.add(field + ".to", "must be the new repository path, with $1… for the groups of from, e.g. \"$1\"");
        }
    }

    /** Group references {@code $n} / {@code ${name}} must exist in {@code from}; '\' escapes the next character. */
    private static String replacementProblem(String to, Pattern from) {
        for (int i = 0; i < to.length(); i++) {
            char c = to.charAt(i);
            if (c == '\\') {
                if (++i >= to.length()) {
                    return "ends with a lone '\\' in \"" + Names.printable(to) + "\"";
                }
            } else if (c == '$') {
                if (i + 1 < to.length() && Character.isDigit(to.charAt(i + 1))) {
                    int group = to.charAt(i + 1) - '0';
                    if (group > from.groupCount()) {
                        return "refers to group $" + group + " but from has " + from.groupCount() + " group(s), in \""
                                + Names.printable(to) + "\"";
                    }
                } else if (i + 1 < to.length() && to.charAt(i + 1) == '{') {
                    int end = to.indexOf('}', i);
                    String name = end < 0 ? "" : to.substring(i + 2, end);
                    if (end < 0 || !from.namedGroups().containsKey(name)) {
                        return "refers to a named group ${" + Names.printable(name) + "} that from does not have, in \""
                                + Names.printable(to) + "\"";
                    }
                } else {
                    return "has a '$' that is no group reference ($1…$9 or ${name}; write \\$ for a dollar), in \""
                            + Names.printable(to) + "\"";
                }
            }
        }
        return null;
    }
}
