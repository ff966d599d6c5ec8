package io.meridian.policies;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which tags to take: those fully matching at least one {@code include} regular expression and
 * none of the {@code exclude} ones (exclude wins). Omitted: every tag.
 */
public record TagFilter(List<String> include, List<String> exclude) {

    public static final TagFilter ALL = new TagFilter(List.of(".*"), List.of());

    public TagFilter {
        include = include == null ? List.of(".*") : Collections.unmodifiableList(new ArrayList<>(include));
        exclude = exclude == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(exclude));
    }
}
