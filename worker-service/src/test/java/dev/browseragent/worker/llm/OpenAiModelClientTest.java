package dev.browseragent.worker.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.testing.ModelPrompt;
import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.worker.agent.action.ActionCatalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiModelClientTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    private static ScriptedModelServer model;
    private OpenAiModelClient client;

    @BeforeAll
    static void startModel() {
        model = ScriptedModelServer.start();
    }

    @AfterAll
    static void stopModel() {
        model.close();
    }

    @BeforeEach
    void newClient() {
        model.reset();
        client = new OpenAiModelClient(model.baseUrl(), "test-key", "local-model", Duration.ofSeconds(10));
    }

    private static ModelRequest request(byte[] screenshot, List<ActionSpec> actions) {
        return new ModelRequest("You are a browser agent.", "<user_request>\nFind shoes\n</user_request>",
                screenshot, actions);
    }

    @Test
    void sendsOneSystemAndOneUserMessageWithTheScreenshotAndReadsTheAgentOutput() {
        model.when(prompt -> true, prompt -> agentOutput("Nothing yet", "Start", "Open the shop",
                action("navigate", "url", "https://shop.test/", "new_tab", false)));

        AgentOutput output = client.next(request(PNG, ActionCatalog.all()));

        assertEquals("Open the shop", output.nextGoal());
        assertEquals("navigate", output.actions().get(0).name());
        ModelPrompt prompt = model.requests().get(0);
        JsonNode messages = prompt.body().get("messages");
        assertEquals(2, messages.size());
        assertEquals("system", messages.get(0).get("role").asText());
        assertEquals("You are a browser agent.", prompt.systemText());
        assertEquals("<user_request>\nFind shoes\n</user_request>", prompt.userText());
        assertEquals(List.of("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG)), prompt.images());
        assertEquals("local-model", prompt.model());
    }

    @Test
    void asksForTheAgentOutputSchemaWithOneSingleKeyObjectPerAction() {
        model.when(prompt -> true, prompt -> agentOutput("", "", "", action("done", "text", "ok", "success", true)));

        client.next(request(null, ActionCatalog.all()));

        ModelPrompt prompt = model.requests().get(0);
        JsonNode format = prompt.body().get("response_format");
        assertEquals("json_schema", format.get("type").asText());
        assertEquals("AgentOutput", format.at("/json_schema/name").asText());
        assertTrue(format.at("/json_schema/strict").asBoolean());
        JsonNode input = format.at("/json_schema/schema/properties/action/items/anyOf").get(3);
        assertEquals("[\"input\"]", input.get("required").toString());
        assertEquals(false, input.get("additionalProperties").asBoolean());
        assertEquals("integer", input.at("/properties/input/properties/index/type").asText());
        assertEquals(List.of("navigate", "go_back", "click", "input", "scroll", "send_keys", "wait", "done"),
                prompt.offeredActions());
        assertTrue(prompt.images().isEmpty());
    }

    @Test
    void aMalformedAnswerIsAModelException() {
        model.when(prompt -> true, prompt -> "I think I should click the button");

        ModelException e = assertThrows(ModelException.class, () -> client.next(request(null, ActionCatalog.all())));

        assertTrue(e.getMessage().startsWith("the model's answer is not a valid AgentOutput"), e.getMessage());
    }

    @Test
    void aServerErrorIsAModelExceptionThatSaysWhatTheServerSaid() {
        ModelException e = assertThrows(ModelException.class, () -> client.next(request(null, ActionCatalog.all())));

        assertTrue(e.getMessage().contains("no rule matches request #1"), e.getMessage());
        assertEquals(1, model.requests().size(), "a failed call is not retried inside the step");
    }

    @Test
    void anUnreachableServerIsAModelException() {
        OpenAiModelClient unreachable = new OpenAiModelClient("http://127.0.0.1:9/v1", "", "m", Duration.ofSeconds(5));

        ModelException e = assertThrows(ModelException.class,
                () -> unreachable.next(request(null, ActionCatalog.all())));

        assertEquals("no answer from the model server at http://127.0.0.1:9/v1: ConnectException", e.getMessage());
    }

    @Test
    void anUnknownHostIsNamedAsSuch() {
        OpenAiModelClient unknownHost = new OpenAiModelClient("http://model.invalid/v1", "", "m", Duration.ofSeconds(5));

        ModelException e = assertThrows(ModelException.class,
                () -> unknownHost.next(request(null, ActionCatalog.all())));

        assertEquals("no answer from the model server at http://model.invalid/v1: UnresolvedAddressException",
                e.getMessage());
    }
}
