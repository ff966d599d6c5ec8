/**
 * Copying artifacts: blobs first, children before their index, the tag last, signatures and referrers after
 * ({@link io.meridian.sync.transfer.ArtifactCopier}). One blob's way, cheapest first, is
 * {@link io.meridian.sync.transfer.BlobTransfer}'s: HEAD → mount from a known repository → stream, one blob per
 * (destination registry, digest) at a time (single-flight). Its bytes move through
 * {@link io.meridian.sync.transfer.BlobStreams}: the source read once for every destination (tee with bounded
 * buffers) through {@link io.meridian.sync.transfer.SourceReads} (Range re-opens), and retries only around
 * replayable attempts — a source GET, an upload session — each aimed at an explicit
 * {@link io.meridian.sync.transfer.AttemptTarget}. Registry calls go through a
 * {@link io.meridian.sync.transfer.GuardedRegistry}. Plain Java: no Spring here (an architecture test keeps it so).
 */
package io.meridian.sync.transfer;
