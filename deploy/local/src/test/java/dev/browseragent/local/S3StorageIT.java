package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.embedded.FreePorts;
import dev.browseragent.embedded.KafkaServer;
import dev.browseragent.embedded.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The packaged api-service with {@code browser-agent.storage.backend=s3} against a real S3 API server
 * ({@link S3TestBucket}): uploads land in the bucket, replaced ones are deleted, output files are served from it.
 * {@code AgentIT} runs the whole stack on the s3 backend: the worker reading uploads and storing downloads there.
 */
class S3StorageIT {

    private static final String KEY = "bu_s3_storage_key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path state;

    private static PostgresServer postgres;
    private static KafkaServer kafka;
    private static S3TestBucket bucket;
    private static ApiServiceProcess api;

    @BeforeAll
    static void start() throws Exception {
        bucket = S3TestBucket.start();
        postgres = PostgresServer.start(state.resolve("postgres"), FreePorts.find());
        kafka = KafkaServer.builder().logDirectory(state.resolve("kafka")).port(FreePorts.find()).start();
        api = ApiServiceProcess.start("api", state, postgres, kafka, KEY, bucket.storageEnvironment());
    }

    @AfterAll
    static void stop() throws Exception {
        if (api != null) {
            api.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (bucket != null) {
            bucket.close();
        }
    }

    @Test
    void uploadsGoToTheBucketAndAReplacedUploadIsDeleted() throws Exception {
        upload("notes.txt", "first version");
        List<String> first = bucketKeys();
        assertEquals(1, first.size(), first.toString());
        assertEquals("first version", new String(blob(first.get(0)), StandardCharsets.UTF_8));

        upload("notes.txt", "second version");
        List<String> second = bucketKeys();
        assertEquals(1, second.size(), "the replaced upload's object is gone: " + second);
        assertEquals("second version", new String(blob(second.get(0)), StandardCharsets.UTF_8));
        assertNotEquals(first, second, "a new object for the new bytes");
        assertEquals(0, postgresObjects(), "nothing is stored in PostgreSQL with the s3 backend");
    }

    @Test
    void anOutputFileIsServedFromTheBucket() throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(apiUrl() + "/run-task"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"task\": \"write a report\"}")).build());
        String taskId = JSON.readTree(created.body()).get("id").asText();
        String storageKey = "outputs/" + taskId + "/report.csv";
        bucket.put(storageKey, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        try (Connection connection = connect();
             PreparedStatement file = connection.prepareStatement("""
                     insert into files (id, account_id, task_id, file_name, content_type, size_bytes, storage_key)
                     select ?, account_id, id, 'report.csv', 'text/csv', 8, ? from tasks where id = ?::uuid""")) {
            file.setObject(1, UUID.randomUUID());
            file.setString(2, storageKey);
            file.setString(3, taskId);
            assertEquals(1, file.executeUpdate());
        }

        JsonNode link = JSON.readTree(send(HttpRequest.newBuilder(URI.create(apiUrl() + "/task/" + taskId + "/output-file/report.csv"))
                .header("Authorization", "Bearer " + KEY).GET().build()).body());
        HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(link.get("download_url").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertArrayEquals("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), download.body());
    }

    private static void upload(String name, String content) throws Exception {
        HttpResponse<String> presigned = send(HttpRequest.newBuilder(URI.create(apiUrl() + "/uploads/presigned-url"))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"file_name\": \"" + name + "\", \"content_type\": \"text/plain\"}"))
                .build());
        String url = JSON.readTree(presigned.body()).get("upload_url").asText();
        HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(content)).build());
        assertEquals("{}", put.body());
    }

    private static List<String> bucketKeys() {
        return bucket.keys("uploads/");
    }

    private static byte[] blob(String key) throws Exception {
        return bucket.content(key);
    }

    private static int postgresObjects() throws Exception {
        try (Connection connection = connect();
             PreparedStatement count = connection.prepareStatement("select count(*) from stored_objects");
             ResultSet row = count.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), request.uri() + ": " + response.body());
        return response;
    }

    private static String apiUrl() {
        return api.apiUrl();
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
}
