package dev.browseragent.local;

import dev.browseragent.embedded.FreePorts;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A real S3 API server for the services' s3 storage backend: S3Proxy over an in-memory blob store, checking AWS
 * signatures, with one bucket.
 */
final class S3TestBucket implements AutoCloseable {

    private static final String BUCKET = "browser-agent-files";
    private static final String ACCESS_KEY = "s3-test-access";
    private static final String SECRET_KEY = "s3-test-secret";

    private final BlobStoreContext blobs;
    private final S3Proxy s3;
    private final int port;

    private S3TestBucket(BlobStoreContext blobs, S3Proxy s3, int port) {
        this.blobs = blobs;
        this.s3 = s3;
        this.port = port;
    }

    static S3TestBucket start() throws Exception {
        BlobStoreContext blobs = ContextBuilder.newBuilder("transient").credentials(ACCESS_KEY, SECRET_KEY)
                .build(BlobStoreContext.class);
        blobs.getBlobStore().createContainerInLocation(null, BUCKET);
        int port = FreePorts.find();
        S3Proxy s3 = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        s3.start();
        await("S3Proxy started").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> AbstractLifeCycle.STARTED.equals(s3.getState()));
        return new S3TestBucket(blobs, s3, port);
    }

    /** The settings that point a service's storage at this bucket. */
    Map<String, String> storageEnvironment() {
        return Map.of(
                "BROWSER_AGENT_STORAGE_BACKEND", "s3",
                "BROWSER_AGENT_STORAGE_S3_ENDPOINT", "http://127.0.0.1:" + port,
                "BROWSER_AGENT_STORAGE_S3_BUCKET", BUCKET,
                "BROWSER_AGENT_STORAGE_S3_ACCESS_KEY", ACCESS_KEY,
                "BROWSER_AGENT_STORAGE_S3_SECRET_KEY", SECRET_KEY);
    }

    /** The keys of the objects whose key starts with the prefix. */
    List<String> keys(String prefix) {
        return blobs.getBlobStore().list(BUCKET, ListContainerOptions.Builder.recursive()).stream()
                .map(StorageMetadata::getName).filter(name -> name.startsWith(prefix)).toList();
    }

    byte[] content(String key) throws Exception {
        try (InputStream content = blobs.getBlobStore().getBlob(BUCKET, key).getPayload().openStream()) {
            return content.readAllBytes();
        }
    }

    void put(String key, byte[] content) {
        BlobStore store = blobs.getBlobStore();
        store.putBlob(BUCKET, store.blobBuilder(key).payload(content).build());
    }

    @Override
    public void close() throws Exception {
        s3.stop();
        blobs.close();
    }
}
