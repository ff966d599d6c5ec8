package io.meridian.sync.oci.blob;

import io.meridian.sync.crash.CrashPoints;
import io.meridian.sync.oci.BlobOpener;
import io.meridian.sync.oci.Digest;
import io.meridian.sync.oci.PermanentRegistryException;
import io.meridian.sync.oci.RegistryException;
import io.meridian.sync.oci.RepositoryName;
import io.meridian.sync.oci.internal.Errors;
import io.meridian.sync.oci.internal.RegistryHttp;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one blob: POST, then one PUT with the body (blobs up to {@code monolithicMax}) or PATCH chunks and an
 * empty PUT. Bytes are hashed as they go; the commit happens only when the digest matched. With a
 * {@link BlobOpener}, a broken chunk is resumed at the offset the registry reports (GET upload status),
 * reopening the source there; if the registry lost the upload it restarts from zero.
 */
public final class BlobPusher {

    private static final Logger LOG = LoggerFactory.getLogger(BlobPusher.class);
    /** Resumes/restarts per blob before the failure is handed to the caller's retry policy. */
    static final int MAX_RESUMES = 3;

    private final RepositoryName repo;
    private final Digest digest;
    private final long size;
    private final long chunkSize;
    private final long monolithicMax;

    public BlobPusher(RepositoryName repo, Digest digest, long size, long chunkSize, long monolithicMax) {
        if (size < 0) {
            throw new IllegalArgumentException("blob size must be >= 0, got " + size);
        }
        this.repo = repo;
        this.digest = digest;
        this.size = size;
        this.chunkSize = chunkSize;
        this.monolithicMax = monolithicMax;
    }

    /** Pushes from a one-shot stream: no resume possible. */
    public void push(RegistryHttp http, InputStream content) {
        boolean[] used = {false};
        push(http, offset -> {
            if (used[0] || offset != 0) {
                throw new IOException("the content stream cannot be reopened");
            }
            used[0] = true;
            return content;
        }, false);
    }

    public void push(RegistryHttp http, BlobOpener opener) {
        push(http, opener, true);
    }

    private void push(RegistryHttp http, BlobOpener opener, boolean resumable) {
        String action = "push blob " + digest + " (" + size + " bytes) to " + BlobPaths.where(http, repo);
        UploadSession session = new UploadInitiate(repo).execute(http, action);
        CrashPoints.reach("blob.upload-started", digest);
        long acked = 0;
        MessageDigest ackedHash = digest.newMessageDigest();
        InputStream source = open(opener, 0, action);
        int resumes = 0;
        try {
            while (true) {
                try {
                    if (size <= monolithicMax) {
                        ChunkStream body = new ChunkStream(source, clone(ackedHash), size, digest, action);
                        new UploadCommit(repo, digest).execute(http, session, body, size, action);
                    } else {
                        long chunk = Math.max(chunkSize, session.minChunk());
                        while (acked < size) {
                            long len = Math.min(chunk, size - acked);
                            MessageDigest md = clone(ackedHash);
                            boolean last = acked + len == size;
                            ChunkStream body = new ChunkStream(source, md, len, last ? digest : null, action);
                            session = new UploadPatch(repo, new ByteRange(acked, acked + len - 1))
                                    .execute(http, session, body, action);
                            acked += len;
                            ackedHash = md;
                            if (!last) {
                                CrashPoints.reach("blob.chunk-acked", digest);
                            }
                        }
                        new UploadCommit(repo, digest).execute(http, session, null, 0, action);
                    }
                    LOG.debug("pushed blob {} ({} bytes) to {}", digest.shortForm(), size, BlobPaths.where(http, repo));
                    return;
                } catch (RegistryException e) {
                    // 416: the registry disagrees about the offset; like a broken connection, ask where it is.
                    if (!(e.isRetryable() || e.status() == 416)) {
                        new UploadCancel(repo).execute(http, session.location(), action);
                        throw e;
                    }
                    closeQuietly(source);
                    source = null;
                    if (!resumable || ++resumes > MAX_RESUMES) {
                        new UploadCancel(repo).execute(http, session.location(), action);
                        throw e;
                    }
                    Optional<UploadStatus.Progress> progress = size <= monolithicMax ? Optional.empty()
                            : new UploadStatus(repo).execute(http, session, action);
                    if (progress.isPresent() && progress.get().received() >= acked && progress.get().received() <= size) {
                        long have = progress.get().received();
                        LOG.info("{}: connection broke ({}); resuming at byte {} (acknowledged {})", action,
                                e.getMessage(), have, acked);
                        session = progress.get().session();
                        source = open(opener, acked, action);
                        skipHashing(source, ackedHash, have - acked, action);
                        acked = have;
                    } else {
                        LOG.info("{}: connection broke ({}); upload not resumable (registry has {}, we sent {}),"
                                + " restarting from byte 0", action, e.getMessage(),
                                progress.map(p -> p.received() + " bytes").orElse("no upload"), acked);
                        new UploadCancel(repo).execute(http, session.location(), action);
                        session = new UploadInitiate(repo).execute(http, action);
                        acked = 0;
                        ackedHash = digest.newMessageDigest();
                        source = open(opener, 0, action);
                    }
                }
            }
        } finally {
            closeQuietly(source);
        }
    }

    private static InputStream open(BlobOpener opener, long offset, String action) {
        try {
            return opener.open(offset);
        } catch (IOException e) {
            throw Errors.fromIo(action + " (opening content at " + offset + ")", e);
        }
    }

    /** The registry kept part of a broken chunk: hash those bytes from the source without sending them again. */
    private static void skipHashing(InputStream in, MessageDigest md, long n, String action) {
        byte[] buf = new byte[64 * 1024];
        long left = n;
        try {
            while (left > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    throw new PermanentRegistryException(action + ": content ended while re-reading for resume");
                }
                md.update(buf, 0, r);
                left -= r;
            }
        } catch (IOException e) {
            throw Errors.fromIo(action, e);
        }
    }

    private static MessageDigest clone(MessageDigest md) {
        try {
            return (MessageDigest) md.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("message digest cannot be cloned", e);
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
