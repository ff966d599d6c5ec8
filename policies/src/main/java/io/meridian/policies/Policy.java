package io.meridian.policies;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A sync policy exactly as the REST API speaks it:
 * <pre>{"name":"apps-to-london","source":{"registry":"hz","repositories":["team*&#47;**"]},
 *  "tags":{"include":[".*"],"exclude":[]},"destinations":[{"registry":"ldn","namespace":null}],
 *  "override":true,"trigger":{"type":"manual"}}</pre>
 * Optional parts get their defaults here (tags: all, override: true, trigger: manual). The record
 * itself accepts anything so that {@link PolicyValidator} can report every problem at once with
 * its field path; {@link PolicyEvaluator#of(Policy)} refuses an invalid one.
 *
 * @param override  when a destination tag already points to a different digest: true overwrites
 *                  it, false leaves it and reports a conflict (a destination's {@code onConflict} wins)
 * @param artifacts the {@link ArtifactKind} names to copy; null (omitted): every kind
 * @param platforms which children of a multi-arch index to copy; null (omitted): the whole index, byte-exact
 * @param gate      the scan gate ({@link Gate}); null (omitted): every selected artifact is copied
 * @param preheat   P2P preheat after the copy ({@link Preheat}); null (omitted): none
 */
@JsonPropertyOrder({"name", "source", "tags", "artifacts", "platforms", "destinations", "override", "trigger", "gate",
        "preheat"})
public record Policy(String name, Source source, TagFilter tags, List<Destination> destinations, boolean override,
                     Trigger trigger, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> artifacts,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Platforms platforms,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Gate gate,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Preheat preheat) {

    public Policy {
        tags = tags == null ? TagFilter.ALL : tags;
        destinations = destinations == null ? null : Collections.unmodifiableList(new ArrayList<>(destinations));
        trigger = trigger == null ? new Trigger.Manual() : trigger;
        artifacts = artifacts == null ? null : Collections.unmodifiableList(new ArrayList<>(artifacts));
    }

    /** A policy of every artifact kind and whole indexes. */
    public Policy(String name, Source source, TagFilter tags, List<Destination> destinations, boolean override,
                  Trigger trigger) {
        this(name, source, tags, destinations, override, trigger, null, null, null, null);
    }

    /** A policy without a scan gate. */
    public Policy(String name, Source source, TagFilter tags, List<Destination> destinations, boolean override,
                  Trigger trigger, List<String> artifacts, Platforms platforms) {
        this(name, source, tags, destinations, override, trigger, artifacts, platforms, null, null);
    }

    /** A policy without P2P preheat. */
    public Policy(String name, Source source, TagFilter tags, List<Destination> destinations, boolean override,
                  Trigger trigger, List<String> artifacts, Platforms platforms, Gate gate) {
        this(name, source, tags, destinations, override, trigger, artifacts, platforms, gate, null);
    }

    /** The JSON entry point: {@code override} may be omitted (or null) and then means true. */
    @JsonCreator
    public static Policy fromJson(@JsonProperty("name") String name, @JsonProperty("source") Source source,
                                  @JsonProperty("tags") TagFilter tags,
                                  @JsonProperty("destinations") List<Destination> destinations,
                                  @JsonProperty("override") Boolean override, @JsonProperty("trigger") Trigger trigger,
                                  @JsonProperty("artifacts") List<String> artifacts,
                                  @JsonProperty("platforms") Platforms platforms, @JsonProperty("gate") Gate gate,
                                  @JsonProperty("preheat") Preheat preheat) {
        return new Policy(name, source, tags, destinations, override == null || override, trigger, artifacts, platforms,
                gate, preheat);
    }

    /** The same policy under another name (the REST path names it on PUT). */
    public Policy withName(String newName) {
        return new Policy(newName, source, tags, destinations, override, trigger, artifacts, platforms, gate, preheat);
    }

    /** The same policy over another source and tag filter (an event scope narrows it so), every other field kept. */
    public Policy withSourceAndTags(Source newSource, TagFilter newTags) {
        return new Policy(name, newSource, newTags, destinations, override, trigger, artifacts, platforms, gate,
                preheat);
    }
}
