package io.meridian.server.secrets;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

/** A response that passes every byte and character on and keeps a copy until {@link #emit()} hands it over. */
final class TeeResponse extends HttpServletResponseWrapper {

    private static final int MAX_HELD = 256 * 1024;

    private final String method;
    private final String uri;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private ServletOutputStream stream;
    private PrintWriter writer;

    TeeResponse(HttpServletResponse response, String method, String uri) {
        super(response);
        this.method = method;
        this.uri = uri;
    }

    /** Hands what was written since the last emit to {@link SecretsCapture}. */
    synchronized void emit() {
        if (copy.size() > 0) {
            SecretsCapture.response(method, uri, getStatus(), copy.toByteArray());
            copy.reset();
        }
    }

    private synchronized void keep(byte[] bytes, int off, int len) {
        copy.write(bytes, off, len);
        if (copy.size() > MAX_HELD) {
            emit();
        }
    }

    @Override
    public synchronized ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            ServletOutputStream out = super.getOutputStream();
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    keep(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    keep(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                    emit();
                }

                @Override
                public boolean isReady() {
                    return out.isReady();
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    out.setWriteListener(listener);
                }
            };
        }
        return stream;
    }

    @Override
    public synchronized PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter out = super.getWriter();
            Charset charset = Charset.forName(getCharacterEncoding());
            writer = new PrintWriter(new Writer() {
                @Override
                public void write(char[] chars, int off, int len) {
                    out.write(chars, off, len);
                    byte[] bytes = new String(chars, off, len).getBytes(charset);
                    keep(bytes, 0, bytes.length);
                }

                @Override
                public void flush() {
                    out.flush();
                    emit();
                }

                @Override
                public void close() {
                    out.close();
                    emit();
                }
            });
        }
        return writer;
    }
}
