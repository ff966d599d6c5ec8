package io.meridian.server.triggers;

import io.meridian.sync.oci.Digest;
import io.meridian.validation.FieldViolation;
import io.meridian.validation.InvalidDefinitionException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the CNCF distribution notification envelope
 * ({@code application/vnd.docker.distribution.events.v1+json}):
 * {@code {"events":[{"id","timestamp","action":"push","target":{"mediaType","digest","repository","url","tag","size"},...}]}}.
 *
 * <p>Only a manifest pushed with a tag starts a sync: blob pushes (no tag), pushes by digest,
 * pulls, mounts and deletes are counted as ignored. Every event is still validated, and a bad
 * one refuses the whole envelope with each offending field named ({@code events[2].target.digest}),
 * so a misconfigured sender shows up at once. Fields this class does not use (request, actor,
 * source, url, size, references…) are accepted, so newer registries keep working.
 */
public final class NotificationEnvelope {

    /** More than this many events in one envelope is refused (distribution sends a handful). */
    public static final int MAX_EVENTS = 1000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** @param pushed manifest pushes with a tag, in envelope order; {@code ignored} counts the rest */
    public record Parsed(List<PushedTag> pushed, int ignored) {
    }

    private NotificationEnvelope() {
    }

    /** @throws InvalidDefinitionException naming every offending field */
    public static Parsed parse(String body) {
        if (body == null || body.isBlank()) {
            throw refused(List.of(new FieldViolation("$", "a notification envelope {\"events\":[...]} is required")));
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw refused(List.of(new FieldViolation("$", "is not valid JSON" + where)));
        }
        if (root == null || !root.isObject()) {
            throw refused(List.of(new FieldViolation("$", "must be a JSON object {\"events\":[...]}")));
        }
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            throw refused(List.of(new FieldViolation("events", "is required and must be an array of events")));
        }
        if (events.size() > MAX_EVENTS) {
            throw refused(List.of(new FieldViolation("events", "must hold at most " + MAX_EVENTS + " events, had "
                    + events.size())));
        }
        List<FieldViolation> violations = new ArrayList<>();
        List<PushedTag> pushed = new ArrayList<>();
        int ignored = 0;
        for (int i = 0; i < events.size(); i++) {
            PushedTag tag = event(events.get(i), "events[" + i + "]", violations);
            if (tag == null) {
                ignored++;
            } else {
                pushed.add(tag);
            }
        }
        if (!violations.isEmpty()) {
            throw refused(violations);
        }
        return new Parsed(List.copyOf(pushed), ignored);
    }

    /** @return the pushed tag, or null when the event is valid but not a tagged manifest push */
    private static PushedTag event(JsonNode event, String path, List<FieldViolation> violations) {
        if (!event.isObject()) {
            violations.add(new FieldViolation(path, "must be an event object"));
            return null;
        }
        String action = text(event, "action", path, true, violations);
        if (!"push".equals(action)) {
            return null;
        }
        JsonNode target = event.get("target");
        String targetPath = path + ".target";
        if (target == null || !target.isObject()) {
            violations.add(new FieldViolation(targetPath, "is required for a push and must be an object"));
            return null;
        }
        int before = violations.size();
        text(target, "mediaType", targetPath, true, violations);
        String repository = text(target, "repository", targetPath, true, violations);
        String digest = text(target, "digest", targetPath, true, violations);
        String tag = text(target, "tag", targetPath, false, violations);
        Digest parsedDigest = null;
        if (digest != null) {
            try {
                parsedDigest = Digest.parse(digest);
            } catch (IllegalArgumentException e) {
                violations.add(new FieldViolation(targetPath + ".digest", e.getMessage()));
            }
        }
        if (repository != null) {
            try {
                io.meridian.sync.oci.RepositoryName.parse(repository);
            } catch (IllegalArgumentException e) {
                violations.add(new FieldViolation(targetPath + ".repository", e.getMessage()));
            }
        }
        if (tag == null || tag.isEmpty()) {
            return null; // a blob, or a manifest pushed by digest only
        }
        try {
            io.meridian.sync.oci.Reference.tag(tag);
        } catch (IllegalArgumentException e) {
            violations.add(new FieldViolation(targetPath + ".tag", e.getMessage()));
        }
        return violations.size() > before ? null : new PushedTag(repository, tag, parsedDigest);
    }

    private static String text(JsonNode parent, String name, String path, boolean required,
                               List<FieldViolation> violations) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                violations.add(new FieldViolation(path + "." + name, "is required"));
            }
            return null;
        }
        if (!node.isString()) {
            violations.add(new FieldViolation(path + "." + name, "must be a string, was " + node.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT)));
            return null;
        }
        return node.asString();
    }

    private static InvalidDefinitionException refused(List<FieldViolation> violations) {
        return new InvalidDefinitionException("notification", violations);
    }
}
