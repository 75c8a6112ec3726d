package dev.browseragent.local.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The two v1 calls the benchmark makes, with the stack's key. Any answer but 200 is an error: the run is void. */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    // HTTP/1.1 with kept-alive connections, as the v1 SDKs talk; one client is shared by all sending threads.
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String apiUrl;
    private final String apiKey;

    ApiClient(String apiUrl, String apiKey) {
        this.apiUrl = apiUrl;
        this.apiKey = apiKey;
    }

    /** {@code POST /run-task} with only the task text; returns the new task's id once the API acknowledged it. */
    String runTask(String task) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("task", task));
        HttpRequest request = request("/run-task")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return JSON.readTree(send(request)).get("id").asText();
    }

    /** {@code GET /task/{id}/status}: the bare status, e.g. {@code finished}. */
    String status(String taskId) throws IOException, InterruptedException {
        return JSON.readTree(send(request("/task/" + taskId + "/status").GET().build())).asText();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(apiUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + apiKey);
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(request.method() + " " + request.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
