package io.meridian.policies;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A policy's P2P preheat (issue 12): {@code "preheat":{"enabled":true,"engines":["df-ldn"]}}. When enabled, every
 * artifact copied into a destination whose region has one of the named P2P engines is preheated there after its tag
 * landed; an empty {@code engines} means every engine of each destination's region. A failed preheat never fails
 * the replication.
 */
public record Preheat(boolean enabled, List<String> engines) {

    public Preheat {
        engines = engines == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(engines));
    }

    @JsonCreator
    public static Preheat fromJson(@JsonProperty("enabled") Boolean enabled,
                                   @JsonProperty("engines") List<String> engines) {
        return new Preheat(Boolean.TRUE.equals(enabled), engines);
    }

    /** Does this preheat use {@code engine} (by name)? */
    public boolean uses(String engine) {
        return enabled && (engines.isEmpty() || engines.contains(engine));
    }
}
