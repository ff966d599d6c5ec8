package io.meridian.sync.oci;

import static org.assertj.core.api.Assertions.assertThat;

import io.meridian.sync.testing.CuttingProxy;
import io.meridian.sync.testing.GeneratedContent;
import io.meridian.sync.testing.LocalRegistry;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A 64 MiB blob pushed in 8 MiB chunks through a proxy that cuts the connection mid-chunk. */
class ChunkedUploadResumeTest {

    static final long SIZE = 64L * 1024 * 1024;
    static LocalRegistry registry;
    static CuttingProxy proxy;
    static OciTransport transport;

    @BeforeAll
    static void start() throws Exception {
        registry = LocalRegistry.anonymous();
        proxy = new CuttingProxy(registry.port());
        transport = OciTransport.create();
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void resumesChunkedUploadAfterConnectionIsCut() throws Exception {
        GeneratedContent content = new GeneratedContent(64, SIZE);
        Digest digest = content.sha256();
        RegistryClient client = new RegistryClient(transport, RegistryEndpoint.insecure(proxy.url(), Credentials.anonymous()),
                ClientOptions.defaults().withChunkSize(8L * 1024 * 1024).withMonolithicMax(1024 * 1024));
        RepositoryName repo = RepositoryName.parse("big/resume");
        List<Long> opens = new CopyOnWriteArrayList<>();
        proxy.cutAfter(SIZE / 2 + 12345); // mid-way through the fifth chunk
        client.pushBlob(repo, digest, SIZE, offset -> {
            opens.add(offset);
            return content.open(offset);
        });
        assertThat(proxy.cuts()).isEqualTo(1);
        assertThat(opens).as("source opened at 0, then reopened where the registry had the data").hasSize(2);
        assertThat(opens.get(0)).isZero();
        // distribution 2.8.2 resumes when the broken chunk left nothing on disk; when it persisted part of the
        // chunk, its upload state no longer matches and it cancels the upload ("upload resumed at wrong offset"),
        // so the client must restart. Either way the source is reopened at an offset the registry confirmed.
        long reopenedAt = opens.get(1);
        assertThat(reopenedAt).isBetween(0L, SIZE / 2 + 12345);
        assertThat(reopenedAt % (8L * 1024 * 1024)).as("a chunk boundary the registry acknowledged").isZero();
        System.out.println("chunked upload recovered by " + (reopenedAt > 0 ? "resuming at byte " + reopenedAt
                : "restarting (registry lost the partial upload)"));

        assertThat(client.headBlob(repo, digest)).contains(SIZE);
        MessageDigest md = digest.newMessageDigest();
        try (BlobSource src = client.openBlob(repo, digest, 0)) {
            InputStream in = src.stream();
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        assertThat(Digest.from("sha256", md)).isEqualTo(digest);
    }
}
