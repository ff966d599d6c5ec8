package io.meridian.sync.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A request or response head as {@link FaultProxy} relays it: first line, headers, and its raw bytes. */
record HttpHead(String first, List<String> headers, byte[] bytes) {
    static HttpHead read(InputStream in) throws IOException {
        String first = line(in);
        while (first != null && first.isEmpty()) {
            first = line(in);
        }
        if (first == null) {
            return null;
        }
        List<String> headers = new ArrayList<>();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes((first + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            headers.add(h);
            raw.writeBytes((h + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        raw.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return new HttpHead(first, headers, raw.toByteArray());
    }

    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    String header(String name) {
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return h.substring(colon + 1).trim();
            }
        }
        return null;
    }

    boolean isResponse() {
        return first.startsWith("HTTP/");
    }

    boolean chunked() {
        String te = header("Transfer-Encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    long contentLength() {
        String cl = header("Content-Length");
        return cl == null ? -1 : Long.parseLong(cl);
    }

    boolean closes() {
        String c = header("Connection");
        return (c != null && c.equalsIgnoreCase("close"))
                || (isResponse() && !chunked() && contentLength() < 0);
    }
}
