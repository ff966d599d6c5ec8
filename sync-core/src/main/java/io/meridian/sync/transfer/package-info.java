/**
 * Copying artifacts: blobs first (HEAD → mount from a known repository → stream, digest
 * verified by the OCI client), children before their index, the tag last, signatures after.
 * One blob per (destination registry, digest) moves once at a time (single-flight); one
 * source read feeds every destination of an artifact (tee with bounded buffers). Every
 * registry call goes through a {@link io.meridian.sync.transfer.GuardedRegistry}.
 * Plain Java: no Spring here (an architecture test keeps it so).
 */
package io.meridian.sync.transfer;
