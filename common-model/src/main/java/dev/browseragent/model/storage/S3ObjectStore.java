package dev.browseragent.model.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.util.Optional;

/** The {@link ObjectStore} in an S3-compatible bucket (AWS S3, MinIO, Ceph...), through the AWS SDK. */
public final class S3ObjectStore implements ObjectStore {

    private final S3Client s3;
    private final String bucket;

    S3ObjectStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    static S3ObjectStore create(StorageSettings.S3 config) {
        String bucket = config.bucket().orElseThrow(() -> new IllegalStateException(
                "browser-agent.storage.backend=s3 needs browser-agent.storage.s3.bucket"));
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(config.region()))
                .forcePathStyle(config.pathStyle())
                // Checksums only where S3 requires them: many S3-compatible servers refuse the SDK's default
                // trailing checksums (seen with S3Proxy: 400 on PUT, 501 on GET).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(credentials(config));
        config.endpoint().ifPresent(builder::endpointOverride);
        return new S3ObjectStore(builder.build(), bucket);
    }

    @Override
    public String location() {
        return "the S3 bucket " + bucket;
    }

    @Override
    public void put(String storageKey, byte[] content) throws IOException {
        try {
            s3.putObject(request -> request.bucket(bucket).key(storageKey), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("Could not write " + storageKey + " to the S3 bucket " + bucket, e);
        }
    }

    @Override
    public Optional<byte[]> get(String storageKey) throws IOException {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(storageKey)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new IOException("Could not read " + storageKey + " from the S3 bucket " + bucket, e);
        }
    }

    @Override
    public void delete(String storageKey) throws IOException {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(storageKey));
        } catch (SdkException e) {
            throw new IOException("Could not delete " + storageKey + " from the S3 bucket " + bucket, e);
        }
    }

    private static AwsCredentialsProvider credentials(StorageSettings.S3 config) {
        if (config.accessKey().isPresent() && config.secretKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey().get(), config.secretKey().get()));
        }
        return DefaultCredentialsProvider.create();
    }
}
