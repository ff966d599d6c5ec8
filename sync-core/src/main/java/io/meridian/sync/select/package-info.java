/**
 * What of an artifact a policy copies, decided from what registries say about it: its kind
 * ({@link io.meridian.sync.select.ArtifactKind}) and the children of a multi-arch index
 * ({@link io.meridian.sync.select.PlatformFilter}). Plain Java over the OCI client's values; the planner and the
 * copier both ask here, so a preview and a run cannot classify differently.
 */
package io.meridian.sync.select;
