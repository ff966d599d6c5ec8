package io.meridian.server.replication.crash;

import io.meridian.sync.testing.FaultProxy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Blob requests counted by the proxies in front of the registries, per digest. */
final class BlobCounts {

    private static final Pattern BLOB_GET = Pattern.compile("/v2/.+/blobs/(sha256:[0-9a-f]{64})");
    private static final Pattern UPLOAD = Pattern.compile("/v2/.+/blobs/uploads/.+");
    private static final Pattern DIGEST_PARAM = Pattern.compile("[?&]digest=([^&]+)");
    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private BlobCounts() {
    }

    /** Upload commits ({@code PUT …/blobs/uploads/…?digest=}) the destination accepted: complete blobs sent. */
    static Map<String, Integer> committedPuts(List<FaultProxy.Exchange> exchanges) {
        Map<String, Integer> counts = new TreeMap<>();
        for (FaultProxy.Exchange e : exchanges) {
            if (e.method().equals("PUT") && UPLOAD.matcher(e.path()).matches() && e.status() / 100 == 2) {
                Matcher digest = DIGEST_PARAM.matcher(e.target());
                if (digest.find()) {
                    counts.merge(URLDecoder.decode(digest.group(1), StandardCharsets.UTF_8), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /**
     * Whole blob bodies the source served ({@code GET …/blobs/<digest>} answered 200 and relayed to the end; a
     * {@code Range} re-read is a 206, a body cut by the kill is not recorded, though one the
     * proxy had wholly handed to the kernel may be: {@link CrashPointsIT} allows the blob in flight at a kill a second
     * read).
     */
    static Map<String, Integer> completeGets(List<FaultProxy.Exchange> exchanges) {
        Map<String, Integer> counts = new TreeMap<>();
        for (FaultProxy.Exchange e : exchanges) {
            Matcher blob = BLOB_GET.matcher(e.path());
            if (e.method().equals("GET") && e.status() == 200 && blob.matches()) {
                counts.merge(blob.group(1), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Every request naming {@code digest} (path or query), for a failure message. */
    static List<String> requestsFor(List<FaultProxy.Exchange> exchanges, String digest) {
        String encoded = digest.replace(":", "%3A");
        return exchanges.stream().filter(e -> e.target().contains(digest) || e.target().contains(encoded))
                .map(e -> e.method() + " " + e.target() + " -> " + e.status()).toList();
    }
}
