package dev.browseragent.model.storage;

import io.smallrye.config.WithDefault;

import java.net.URI;
import java.util.Optional;

/**
 * Where stored files live, as both services read it from {@code browser-agent.storage.*} (env
 * {@code BROWSER_AGENT_STORAGE_*}): each service's {@code StorageConfig} mapping extends this, so the keys and
 * defaults are the same in both.
 */
public interface StorageSettings {

    /** {@code postgres} keeps the bytes in the service's own database (nothing else to run); {@code s3} in a bucket. */
    @WithDefault("postgres")
    Backend backend();

    /** The S3-compatible bucket, used when {@link #backend()} is {@code s3}. */
    S3 s3();

    enum Backend {
        POSTGRES, S3
    }

    interface S3 {
        /** The endpoint, e.g. {@code https://s3.eu-west-1.amazonaws.com} or a MinIO URL; unset = AWS's default for the region. */
        Optional<URI> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** The bucket; it must exist. Required with the s3 backend. */
        Optional<String> bucket();

        /** Unset: the AWS default credentials chain (environment, profile, instance role). */
        Optional<String> accessKey();

        Optional<String> secretKey();

        /** Path-style addressing ({@code endpoint/bucket/key}), which MinIO and most S3-compatible servers need. */
        @WithDefault("true")
        boolean pathStyle();
    }
}
