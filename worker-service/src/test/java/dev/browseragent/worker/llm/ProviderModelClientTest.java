package dev.browseragent.worker.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.worker.agent.action.ActionCatalog;
import dev.browseragent.worker.browser.TestConfigs;
import dev.browseragent.worker.config.LlmConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each provider's wire form of the contract, against the scripted model server speaking that provider's protocol. */
class ProviderModelClientTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};
    private static final ActionCatalog CATALOG = ActionCatalog.of(null);
    private static final List<String> ALL_ACTIONS = List.of("navigate", "search", "go_back", "wait", "click", "input",
            "select_dropdown", "dropdown_options", "scroll", "find_text", "send_keys", "switch", "close",
            "upload_file", "extract", "done");

    private static ScriptedModelServer model;
    private static ModelClientFactory factory;

    @BeforeAll
    static void startModel() {
        model = ScriptedModelServer.start();
        // Configured only through the providers' standard variables, as an operator would.
        factory = new ModelClientFactory(TestConfigs.mapping(LlmConfig.class, "browser-agent.llm.retry-backoff", "10ms"),
                Map.of("OPENAI_BASE_URL", model.baseUrl(), "OPENAI_API_KEY", "openai-key",
                        "ANTHROPIC_BASE_URL", model.anthropicBaseUrl(), "ANTHROPIC_API_KEY", "anthropic-key",
                        "GEMINI_BASE_URL", model.geminiBaseUrl(), "GOOGLE_API_KEY", "google-key")::get);
    }

    @AfterAll
    static void stopModel() {
        model.close();
    }

    @BeforeEach
    void newScenario() {
        model.reset();
        model.when(prompt -> prompt.contains("Question:"), prompt -> "The answer is 42")
                .when(prompt -> true, prompt -> agentOutput("Nothing yet", "Start", "Open the shop",
                        action("navigate", "url", "https://shop.test/", "new_tab", false)));
    }

    private static ModelRequest request(byte[] screenshot) {
        return new ModelRequest("You are a browser agent.", "<user_request>\nFind shoes\n</user_request>",
                screenshot, CATALOG.all());
    }

    private static void assertReadsTheAgentOutput(String modelName) {
        ModelReply<AgentOutput> reply = factory.forModel(modelName).next(request(PNG));

        assertEquals("Open the shop", reply.value().nextGoal());
        assertEquals("navigate", reply.value().actions().get(0).name());
        assertTrue(reply.usage().inputTokens() > 0 && reply.usage().outputTokens() > 0, reply.usage().toString());
        ModelPrompt prompt = model.requests().get(model.requests().size() - 1);
        assertEquals(modelName, prompt.model());
        assertEquals("You are a browser agent.", prompt.systemText());
        assertEquals("<user_request>\nFind shoes\n</user_request>", prompt.userText());
        assertEquals(List.of("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG)), prompt.images());
        assertEquals(ALL_ACTIONS, prompt.offeredActions());
    }

    @Test
    void openAiGetsAStrictJsonSchemaResponseFormat() {
        assertReadsTheAgentOutput("gpt-4.1");

        JsonNode format = model.requests().get(0).body().get("response_format");
        assertEquals("json_schema", format.get("type").asText());
        assertEquals("AgentOutput", format.at("/json_schema/name").asText());
        assertTrue(format.at("/json_schema/strict").asBoolean());
        JsonNode input = format.at("/json_schema/schema/properties/action/items/anyOf").get(5);
        assertEquals("[\"input\"]", input.get("required").toString());
        assertEquals("integer", input.at("/properties/input/properties/index/type").asText());
    }

    @Test
    void anthropicGetsOneForcedToolNamedAgentOutput() {
        assertReadsTheAgentOutput("claude-sonnet-4-20250514");

        JsonNode body = model.requests().get(0).body();
        assertEquals("AgentOutput", body.at("/tools/0/name").asText());
        assertEquals("tool", body.at("/tool_choice/type").asText());
        assertEquals("AgentOutput", body.at("/tool_choice/name").asText());
    }

    @Test
    void geminiGetsAJsonResponseSchema() {
        assertReadsTheAgentOutput("gemini-2.5-flash");

        JsonNode config = model.requests().get(0).body().get("generationConfig");
        assertEquals("application/json", config.get("responseMimeType").asText());
    }

    @Test
    void anOpenAiCompatibleServerWithoutJsonSchemaGetsOneForcedFunction() {
        ModelClientFactory functions = new ModelClientFactory(TestConfigs.mapping(LlmConfig.class,
                "browser-agent.llm.openai-compatible.structured-output", "function"),
                Map.of("OPENAI_BASE_URL", model.baseUrl())::get);

        ModelReply<AgentOutput> reply = functions.forModel("llama-4-maverick-17b-128e-instruct").next(request(null));

        assertEquals("Open the shop", reply.value().nextGoal());
        JsonNode body = model.requests().get(0).body();
        assertEquals("AgentOutput", body.at("/tools/0/function/name").asText());
        assertTrue(body.path("response_format").isMissingNode(), body.toString());
        assertEquals(ALL_ACTIONS, model.requests().get(0).offeredActions());
    }

    @Test
    void everyProviderAnswersAPlainQuestionForExtract() {
        for (String name : List.of("gpt-4.1", "claude-sonnet-4-20250514", "gemini-2.5-flash", "local-model")) {
            assertEquals("The answer is 42", factory.forModel(name).ask("Answer from the page.",
                    "Question: what is the answer?\n\nThe page:\n42").value(), name);
        }
    }

    @Test
    void retriesOn429HonouringRetryAfterThenSucceeds() {
        model.failNext(2, 429, "0");

        assertReadsTheAgentOutput("gpt-4.1");

        assertEquals(3, model.requests().size());
    }

    @Test
    void givesUpAfterTheRetriesWithTheServersMessage() {
        model.failNext(10, 503, null);

        ModelException e = assertThrows(ModelException.class, () -> factory.forModel("gpt-4.1").next(request(null)));

        assertEquals("the model server answered HTTP 503: ScriptedModelServer: failing as told", e.getMessage());
        assertEquals(4, model.requests().size(), "the first try and 3 retries");
    }

    @Test
    void aClientErrorIsNotRetried() {
        model.failNext(1, 400, null);

        assertThrows(ModelException.class, () -> factory.forModel("gpt-4.1").next(request(null)));

        assertEquals(1, model.requests().size());
    }

    @Test
    void aMalformedAnswerIsAModelException() {
        model.reset();
        model.when(prompt -> true, prompt -> "I think I should click the button");

        ModelException e = assertThrows(ModelException.class, () -> factory.forModel("gpt-4.1").next(request(null)));

        assertTrue(e.getMessage().startsWith("the model's answer is not a valid AgentOutput"), e.getMessage());
    }

    @Test
    void anUnreachableServerIsAModelExceptionWithoutItsAddress() {
        ModelClientFactory unreachable = new ModelClientFactory(TestConfigs.mapping(LlmConfig.class,
                "browser-agent.llm.max-retries", "0"), Map.of("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")::get);

        ModelException e = assertThrows(ModelException.class,
                () -> unreachable.forModel("gpt-4.1").next(request(null)));

        assertEquals("the model server could not be reached", e.getMessage());
    }
}
