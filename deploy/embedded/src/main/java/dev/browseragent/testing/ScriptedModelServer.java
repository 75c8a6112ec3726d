package dev.browseragent.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stand-in for the model: an HTTP server on 127.0.0.1 that speaks the providers' wire protocols (OpenAI Chat
 * Completions at {@link #baseUrl()}, Anthropic Messages at {@link #anthropicBaseUrl()}, Gemini {@code generateContent}
 * at {@link #geminiBaseUrl()}) and answers from rules a test states per scenario. Rules are tried in the order they were
 * added and the first whose predicate matches the prompt answers; a prompt no rule matches gets an HTTP 500 naming
 * the problem, so a broken scenario fails loudly. Every request is recorded.
 *
 * <pre>{@code
 * model.when(p -> p.contains("type=submit"), p -> agentOutput("Form open", "", "Submit it",
 *                 action("click", "index", p.indexOf("type=submit"))))
 *      .when(p -> p.contains("Step 1 of"), p -> agentOutput("Start", "", "Open the form",
 *                 action("navigate", "url", site.url("/form"))));
 * }</pre>
 * (with {@link AgentOutputJson}'s {@code agentOutput} and {@code action}).
 */
public final class ScriptedModelServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Rule(Predicate<ModelPrompt> matches, Function<ModelPrompt, String> answerJson) {
    }

    /** The first {@code left} requests that match fail with the status and, when not null, the Retry-After header. */
    private record Failure(Predicate<ModelPrompt> matches, AtomicInteger left, int status, String retryAfter) {

        boolean takes(ModelPrompt prompt) {
            return matches.test(prompt) && left.getAndUpdate(count -> Math.max(0, count - 1)) > 0;
        }
    }

    private final LoopbackServer server;
    private final List<ModelProtocol> protocols = List.of(new OpenAiChatProtocol(), new AnthropicMessagesProtocol(),
            new GeminiGenerateContentProtocol());
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<ModelPrompt> requests = new CopyOnWriteArrayList<>();

    private ScriptedModelServer() {
        this.server = LoopbackServer.start("scripted-model", this::handle);
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static ScriptedModelServer start() {
        return new ScriptedModelServer();
    }

    /** The OpenAI-compatible base URL, ending in {@code /v1}. */
    public String baseUrl() {
        return server.baseUrl() + "/v1";
    }

    /** The Anthropic Messages base URL, ending in {@code /v1}. */
    public String anthropicBaseUrl() {
        return server.baseUrl() + "/v1";
    }

    /** The Gemini base URL, ending in {@code /v1beta}. */
    public String geminiBaseUrl() {
        return server.baseUrl() + "/v1beta";
    }

    /**
     * Makes the next {@code count} requests fail with this status (e.g. 429) and, when not null, this
     * {@code Retry-After} header; they are recorded like any other request.
     */
    public ScriptedModelServer failNext(int count, int status, String retryAfter) {
        failures.clear();
        return failFirst(prompt -> true, count, status, retryAfter);
    }

    /**
     * Makes the first {@code count} requests whose prompt matches fail with this status (e.g. 429) and, when not
     * null, this {@code Retry-After} header, whatever other requests arrive in between: one task of several running
     * at once can meet a failing model. They are recorded like any other request.
     */
    public ScriptedModelServer failFirst(Predicate<ModelPrompt> prompt, int count, int status, String retryAfter) {
        failures.add(new Failure(prompt, new AtomicInteger(count), status, retryAfter));
        return this;
    }

    /**
     * Adds a rule: when the prompt matches, the model answers with the agent output JSON the function returns (or,
     * for a request without a structured-output form, such as the agent's {@code extract}, with plain text).
     * A function that throws makes the server answer 500 with the exception's message.
     */
    public ScriptedModelServer when(Predicate<ModelPrompt> prompt, Function<ModelPrompt, String> answerJson) {
        rules.add(new Rule(prompt, answerJson));
        return this;
    }

    /** Every request received so far, oldest first. */
    public List<ModelPrompt> requests() {
        return List.copyOf(requests);
    }

    /** Forgets all rules and recorded requests, so one server can serve several scenarios. */
    public void reset() {
        rules.clear();
        requests.clear();
        failures.clear();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Optional<ModelProtocol> protocol = protocols.stream().filter(p -> p.handles(path)).findFirst();
            if (protocol.isEmpty() || !exchange.getRequestMethod().equals("POST")) {
                send(exchange, 404, JSON.createObjectNode().put("error", "no model endpoint at "
                        + exchange.getRequestMethod() + " " + path));
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(exchange.getRequestBody());
            } catch (JsonProcessingException e) {
                send(exchange, 400, protocol.get().error("the request body is not JSON: " + e.getOriginalMessage()));
                return;
            }
            ModelPrompt prompt = protocol.get().readPrompt(path, body);
            requests.add(prompt);
            Optional<Failure> failure = failures.stream().filter(f -> f.takes(prompt)).findFirst();
            if (failure.isPresent()) {
                if (failure.get().retryAfter() != null) {
                    exchange.getResponseHeaders().set("Retry-After", failure.get().retryAfter());
                }
                send(exchange, failure.get().status(), protocol.get().error("ScriptedModelServer: failing as told"));
                return;
            }
            send(exchange, protocol.get(), prompt);
        }
    }

    private void send(HttpExchange exchange, ModelProtocol protocol, ModelPrompt prompt) throws IOException {
        int number = requests.size();
        Optional<Rule> rule = rules.stream().filter(r -> r.matches().test(prompt)).findFirst();
        if (rule.isEmpty()) {
            send(exchange, 500, protocol.error("ScriptedModelServer: no rule matches request #" + number
                    + ". The user message was:\n" + prompt.userText()));
            return;
        }
        String answer;
        try {
            answer = rule.get().answerJson().apply(prompt);
        } catch (RuntimeException e) {
            send(exchange, 500, protocol.error("ScriptedModelServer: the rule for request #" + number
                    + " failed: " + e.getMessage()));
            return;
        }
        send(exchange, 200, protocol.answer(prompt, answer));
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
