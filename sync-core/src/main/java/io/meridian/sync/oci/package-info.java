/**
 * Meridian's OCI distribution client: plain Java (no Spring), JDK {@code HttpClient}, Jackson 3.
 *
 * <p>Use: one {@link io.meridian.sync.oci.OciTransport} per process, one {@link io.meridian.sync.oci.RegistryClient}
 * per registry (thread-safe; it caches tokens per scope). Values ({@link io.meridian.sync.oci.Digest},
 * {@link io.meridian.sync.oci.RepositoryName}, {@link io.meridian.sync.oci.Reference},
 * {@link io.meridian.sync.oci.MediaType}) validate on construction. Manifests travel as
 * {@link io.meridian.sync.oci.ManifestBytes}: the exact bytes, never re-serialised.
 *
 * <p>Copying a blob without holding it in memory, resumable from the source by Range:
 * <pre>{@code
 * if (dst.headBlob(repo, d).isEmpty() && !dst.mountBlob(repo, d, otherRepoThatHasIt)) {
 *     dst.pushBlob(repo, d, size, offset -> src.openBlob(repo, d, offset).stream());
 * }
 * }</pre>
 * Then manifests, children before an index, and the tag last: {@code dst.putManifest(repo, Reference.digest(m.digest()), m)}
 * followed by {@code dst.putManifest(repo, Reference.tag("v1"), m)}.
 *
 * <p>Errors are {@link io.meridian.sync.oci.RegistryException}s, either
 * {@link io.meridian.sync.oci.RetryableRegistryException} (429 with {@code retryAfter()}, 5xx, I/O, timeouts) or
 * {@link io.meridian.sync.oci.PermanentRegistryException} (auth, not found, {@link io.meridian.sync.oci.DigestMismatchException},
 * {@link io.meridian.sync.oci.InvalidManifestException}). The client retries only the auth handshake (one 401 →
 * token → retry) and resumes broken chunked uploads; every other retry is the caller's policy.
 *
 * <p>Sub-packages hold one small class per registry call: {@code manifest}, {@code blob}, {@code listing},
 * {@code auth}; {@code internal} holds the shared request path. They are public only so the facade can reach
 * them; depend on the facade.
 */
package io.meridian.sync.oci;
