package io.meridian.sync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 message bodies as {@link FaultProxy} relays them: copied by {@code Content-Length}, chunked framing or to
 * the end, stopping after a given number of bytes, and the client's side of a body that may be cut or corrupted.
 */
final class HttpBodies {

    private HttpBodies() {
    }

    /** Copies a message body (Content-Length, chunked, or to the end for a response without either). */
    static void copyBody(InputStream in, OutputStream out, HttpHead head, long stopAfter) throws IOException {
        copyBody(in, out, out, head, stopAfter);
    }

    /** As above; chunk framing goes to {@code framing}, the data to {@code out}. */
    static void copyBody(InputStream in, OutputStream framing, OutputStream out, HttpHead head, long stopAfter)
            throws IOException {
        long copied = 0;
        if (head.chunked()) {
            while (true) {
                String sizeLine = HttpHead.line(in);
                if (sizeLine == null) {
                    return;
                }
                long size = Long.parseLong(sizeLine.split(";")[0].trim(), 16);
                framing.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                if (size == 0) {
                    String trailer;
                    while ((trailer = HttpHead.line(in)) != null && !trailer.isEmpty()) {
                        framing.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                    framing.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    return;
                }
                copied = copyN(in, out, size, stopAfter, copied);
                if (stopAfter >= 0 && copied >= stopAfter) {
                    return;
                }
                HttpHead.line(in);
                framing.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        long length = head.contentLength();
        if (length >= 0) {
            copyN(in, out, length, stopAfter, 0);
        } else if (head.isResponse()) {
            copyN(in, out, Long.MAX_VALUE, stopAfter, 0);
        }
    }

    private static long copyN(InputStream in, OutputStream out, long n, long stopAfter, long already) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = n;
        long copied = already;
        while (left > 0 && (stopAfter < 0 || copied < stopAfter)) {
            long want = Math.min(buf.length, left);
            if (stopAfter >= 0) {
                want = Math.min(want, stopAfter - copied);
            }
            int r = in.read(buf, 0, (int) want);
            if (r < 0) {
                if (n == Long.MAX_VALUE) {
                    return copied;
                }
                throw new IOException("body ended early");
            }
            out.write(buf, 0, r);
            left -= r;
            copied += r;
        }
        return copied;
    }

    /** The client's side of a response body: counts, and may cut or corrupt it. */
    static final class Body extends OutputStream {
        private final OutputStream out;
        private final long limit;
        private final long flip;
        long count;
        boolean cut;

        Body(OutputStream out, long limit, long flip) {
            this.out = out;
            this.limit = limit;
            this.flip = flip;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (cut) {
                return;
            }
            int n = len;
            if (limit >= 0 && count + n > limit) {
                n = (int) (limit - count);
                cut = true;
            }
            if (flip >= count && flip < count + n) {
                b = b.clone();
                b[off + (int) (flip - count)] ^= 0x5a;
            }
            out.write(b, off, n);
            count += n;
            if (cut) {
                out.flush();
                throw new IOException("response cut by FaultProxy");
            }
        }
    }
}
