package dev.browseragent.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The v1 API as the end-to-end tests call it, with one account's key, and the admin API with the operators' token.
 * The named calls assert the answer a working service gives (200, and the id or task it carries); {@link #request}
 * answers whatever came back, for a test that checks a refusal.
 */
final class V1Client {

    /** From submission to the end of a task, a wait for a free slot behind other tasks included. */
    static final Duration TASK_TIMEOUT = Duration.ofSeconds(150);
    static final List<String> END_STATUSES = List.of("finished", "failed", "stopped");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration BURST_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STATUS_POLL_INTERVAL = Duration.ofMillis(250);
    private static final String V1_PATH = "/api/v1";

    /** What the service answered. */
    record Response(int status, String body) {

        JsonNode json() {
            return parse(body);
        }
    }

    /** An account made through the admin API, and a client with its key. */
    record Account(String id, V1Client client) {
    }

    private final String serverUrl;
    private final String apiKey;
    private final String adminToken;

    /**
     * @param apiUrl     the v1 base URL, e.g. {@code http://127.0.0.1:8080/api/v1}
     * @param adminToken the token the admin API takes ({@code BROWSER_AGENT_ADMIN_TOKEN})
     */
    V1Client(String apiUrl, String apiKey, String adminToken) {
        if (!apiUrl.endsWith(V1_PATH)) {
            throw new IllegalArgumentException("not a v1 base URL: " + apiUrl);
        }
        this.serverUrl = apiUrl.substring(0, apiUrl.length() - V1_PATH.length());
        this.apiKey = apiKey;
        this.adminToken = adminToken;
    }

    String apiUrl() {
        return serverUrl + V1_PATH;
    }

    String apiKey() {
        return apiKey;
    }

    /** The MCP endpoint of the same server, which takes the same key. */
    String mcpUrl() {
        return serverUrl + "/mcp";
    }

    /** The web console the same server serves. */
    String consoleUrl() {
        return serverUrl + "/console/";
    }

    /** A v1 call with this client's key; {@code jsonBody} null for none. */
    Response request(String method, String path, String jsonBody) {
        return request(method, path, jsonBody, Map.of());
    }

    /** A v1 call with this client's key and these headers besides; {@code jsonBody} null for none. */
    Response request(String method, String path, String jsonBody, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl() + path));
        headers.forEach(request::header);
        return send(request, method, jsonBody, apiKey);
    }

    /**
     * A v1 call with this client's key, sent without waiting for the answer: one of a burst sent at once, which
     * may wait in the service's queue longer than a lone call.
     */
    CompletableFuture<Response> requestAsync(String method, String path, String jsonBody) {
        HttpRequest request = build(HttpRequest.newBuilder(URI.create(apiUrl() + path)), method, jsonBody, apiKey,
                BURST_REQUEST_TIMEOUT);
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Response(response.statusCode(), response.body()));
    }

    /** A v1 GET that must answer 200; its body. */
    JsonNode get(String path) {
        return expectOk(request("GET", path, null)).json();
    }

    /** {@code POST /run-task}; the new task's id. */
    String runTask(String json) {
        return expectOk(request("POST", "/run-task", json)).json().get("id").asText();
    }

    String runTask(Map<String, ?> fields) {
        return runTask(write(fields));
    }

    /** {@code GET /task/{id}}. */
    JsonNode task(String id) {
        return get("/task/" + id);
    }

    /** {@code GET /task/{id}/status}: the bare status, e.g. {@code running}. */
    String status(String id) {
        return get("/task/" + id + "/status").asText();
    }

    void stop(String id) {
        control("stop-task", id);
    }

    void pause(String id) {
        control("pause-task", id);
    }

    void resume(String id) {
        control("resume-task", id);
    }

    /** Polls {@code GET /task/{id}} until the task has one of the statuses; answers the task as then seen. */
    JsonNode awaitStatus(String id, Duration timeout, String... statuses) {
        List<String> wanted = List.of(statuses);
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        await("task " + id + " " + String.join(" or ", wanted)).atMost(timeout).pollInterval(STATUS_POLL_INTERVAL)
                .untilAsserted(() -> {
                    seen.set(task(id));
                    assertTrue(wanted.contains(seen.get().get("status").asText()), "last seen: " + seen.get());
                });
        return seen.get();
    }

    /** Waits until the task is finished, failed or stopped; answers it. */
    JsonNode awaitEnd(String id) {
        return awaitStatus(id, TASK_TIMEOUT, END_STATUSES.toArray(String[]::new));
    }

    /** An admin API call ({@code /admin...}) with the operators' token; {@code jsonBody} null for none. */
    Response admin(String method, String path, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(serverUrl + "/admin" + path)), method, jsonBody, adminToken);
    }

    /** Creates an account with these plan fields (e.g. {@code max_running_tasks}) and a key for it. */
    Account createAccount(Map<String, ?> fields) {
        String id = expectOk(admin("POST", "/accounts", write(fields))).json().get("id").asText();
        String key = expectOk(admin("POST", "/accounts/" + id + "/api-keys", "{}")).json().get("key").asText();
        return new Account(id, new V1Client(apiUrl(), key, adminToken));
    }

    /** Uploads a file to the account through the presigned URL flow, as a user attaches one to a task. */
    void upload(String fileName, String contentType, byte[] content) {
        String url = expectOk(request("POST", "/uploads/presigned-url",
                write(Map.of("file_name", fileName, "content_type", contentType)))).json().get("upload_url").asText();
        HttpResponse<String> put = exchange(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", contentType).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(new Response(200, "{}"), new Response(put.statusCode(), put.body()), "PUT " + url);
    }

    /** A URL the service handed out (a signed file or screenshot link), fetched without a key as a browser would. */
    HttpResponse<byte[]> download(String url) {
        return exchange(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private void control(String endpoint, String id) {
        Response answer = request("PUT", "/" + endpoint + "?task_id=" + URLEncoder.encode(id, StandardCharsets.UTF_8), null);
        assertEquals(new Response(200, "{}"), answer, endpoint + " " + id);
    }

    private static Response expectOk(Response response) {
        assertEquals(200, response.status(), response.body());
        return response;
    }

    private static Response send(HttpRequest.Builder request, String method, String jsonBody, String bearer) {
        HttpResponse<String> response = exchange(build(request, method, jsonBody, bearer, REQUEST_TIMEOUT),
                HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    private static HttpRequest build(HttpRequest.Builder request, String method, String jsonBody, String bearer,
                                     Duration timeout) {
        request.timeout(timeout).header("Authorization", "Bearer " + bearer);
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        return request.method(method, jsonBody == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody)).build();
    }

    private static <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return HTTP.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    private static String write(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + fields, e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
