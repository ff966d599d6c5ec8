package io.meridian.sync.helm;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A {@code multipart/form-data} body of file fields, streamed from their files (RFC 7578). */
final class Multipart {

    private final String boundary = "meridian-" + UUID.randomUUID();
    private final List<HttpRequest.BodyPublisher> parts = new ArrayList<>();

    void file(String field, String fileName, Path file) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\""
                + fileName.replace("\"", "") + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        parts.add(HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8));
        try {
            parts.add(HttpRequest.BodyPublishers.ofFile(file));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
        parts.add(HttpRequest.BodyPublishers.ofString("\r\n", StandardCharsets.UTF_8));
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    HttpRequest.BodyPublisher publisher() {
        List<HttpRequest.BodyPublisher> all = new ArrayList<>(parts);
        all.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n", StandardCharsets.UTF_8));
        return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
    }
}
