package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The packaged api-service with {@code browser-agent.storage.backend=s3} against a real S3 API server
 * ({@link S3TestBucket}, the shared stack's): uploads land in the bucket, replaced ones are deleted, output files are
 * served from it. {@code AgentIT} checks the worker's side on the same stack: reading uploads and storing downloads
 * and screenshots there.
 */
class S3StorageIT {

    @RegisterExtension
    static final StackExtension stack = StackExtension.shared();

    @Test
    void uploadsGoToTheBucketAndAReplacedUploadIsDeleted() throws Exception {
        stack.client().upload("notes.txt", "text/plain", "first version".getBytes(StandardCharsets.UTF_8));
        List<String> first = uploadKeys();
        assertEquals(1, first.size(), first.toString());
        assertEquals("first version", new String(stack.bucket().content(first.get(0)), StandardCharsets.UTF_8));

        stack.client().upload("notes.txt", "text/plain", "second version".getBytes(StandardCharsets.UTF_8));
        List<String> second = uploadKeys();
        assertEquals(1, second.size(), "the replaced upload's object is gone: " + second);
        assertEquals("second version", new String(stack.bucket().content(second.get(0)), StandardCharsets.UTF_8));
        assertNotEquals(first, second, "a new object for the new bytes");
        assertEquals(0, stack.database().count("select count(*) from stored_objects"),
                "nothing is stored in PostgreSQL with the s3 backend");
    }

    @Test
    void anOutputFileIsServedFromTheBucket() {
        String taskId = stack.client().runTask("{\"task\": \"Write the S3 storage report\"}");
        // The file is put in place below; the task need not run.
        stack.client().stop(taskId);
        String storageKey = "outputs/" + taskId + "/report.csv";
        stack.bucket().put(storageKey, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, stack.database().update("""
                insert into files (id, account_id, task_id, file_name, content_type, size_bytes, storage_key)
                select ?, account_id, id, 'report.csv', 'text/csv', 8, ? from tasks where id = ?::uuid""",
                UUID.randomUUID(), storageKey, taskId));

        JsonNode link = stack.client().get("/task/" + taskId + "/output-file/report.csv");
        HttpResponse<byte[]> download = stack.client().download(link.get("download_url").asText());
        assertEquals(200, download.statusCode());
        assertArrayEquals("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8), download.body());
    }

    /** The objects of this class's account's uploads: the other classes on the stack upload too. */
    private static List<String> uploadKeys() {
        return stack.bucket().keys("uploads/" + stack.accountId() + "/");
    }
}
