package io.meridian.server.api.regions;

/** The JSON a client sends: {@code {"name":"cn-hangzhou","displayName":"China (Hangzhou)","jurisdiction":"CN"}}. */
public record RegionBody(String name, String displayName, String jurisdiction) {
}
