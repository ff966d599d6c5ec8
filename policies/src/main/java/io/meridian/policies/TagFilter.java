package io.meridian.policies;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which tags to take, every filter applying at once: a tag fully matches at least one
 * {@code include} RE2 expression and none of the {@code exclude} ones (exclude wins), and, when
 * {@code semver} is given, is a semver version inside that range; then, when {@code latest} is
 * given, only the newest {@code latest} of the tags left are kept ({@link SemverTags#NEWEST_FIRST}).
 * {@code digests} are copied by digest whatever their tags. Omitted: every tag.
 *
 * @param semver  an npm-style range ({@link SemverRange}); null: no semver filter
 * @param latest  keep only the newest N tags per repository after every other filter; null: all
 * @param digests manifests to copy by digest ({@code sha256:…}) in every selected repository
 *                that has them, whatever their tags
 */
@JsonPropertyOrder({"include", "exclude", "semver", "latest", "digests"})
public record TagFilter(List<String> include, List<String> exclude,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String semver,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Integer latest,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> digests) {

    public static final TagFilter ALL = new TagFilter(List.of(".*"), List.of());

    public TagFilter {
        include = include == null ? List.of(".*") : Collections.unmodifiableList(new ArrayList<>(include));
        exclude = exclude == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(exclude));
        digests = digests == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(digests));
    }

    /** Regular expressions only. */
    public TagFilter(List<String> include, List<String> exclude) {
        this(include, exclude, null, null, List.of());
    }

    /** The same filter with other {@code include} expressions (an event scope narrows tags this way). */
    public TagFilter withInclude(List<String> newInclude) {
        return new TagFilter(newInclude, exclude, semver, latest, digests);
    }
}
