package dev.browseragent.worker.llm;

import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.worker.agent.action.ActionCatalog;
import dev.browseragent.worker.browser.TestConfigs;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelClientFactoryTest {

    @Test
    void defaultsToTheOpenAiApiWithoutAModelMap() {
        LlmConfig config = TestConfigs.mapping(LlmConfig.class);

        if (System.getenv("OPENAI_BASE_URL") == null) {
            assertEquals("https://api.openai.com/v1", config.openai().baseUrl());
        }
        if (System.getenv("OPENAI_API_KEY") == null) {
            assertTrue(config.openai().apiKey().isEmpty());
        }
        assertEquals(Duration.ofSeconds(120), config.requestTimeout());
        assertTrue(config.modelMap().isEmpty());
    }

    @Test
    void sendsMappedModelNamesAsTheirModelIdAndOthersAsTheyAre() {
        try (ScriptedModelServer model = ScriptedModelServer.start()) {
            model.when(prompt -> true, prompt -> agentOutput("", "", "", action("done", "text", "ok")));
            ModelClientFactory factory = new ModelClientFactory(TestConfigs.mapping(LlmConfig.class,
                    "browser-agent.llm.openai.base-url", model.baseUrl(),
                    "browser-agent.llm.model-map.\"gpt-4.1\"", "qwen2.5vl:7b"));
            ModelRequest request = new ModelRequest("system", "user", null, ActionCatalog.doneOnly());

            factory.forModel("gpt-4.1").next(request);
            factory.forModel("claude-sonnet-4-20250514").next(request);
            factory.forModel("my-local-model").next(request);

            assertEquals("qwen2.5vl:7b", model.requests().get(0).model());
            assertEquals("claude-sonnet-4-20250514", model.requests().get(1).model());
            assertEquals("my-local-model", model.requests().get(2).model());
        }
    }
}
