package dev.browseragent.worker.llm;

import dev.browseragent.testing.ScriptedModelServer;
import dev.browseragent.worker.agent.action.ActionCatalog;
import dev.browseragent.worker.browser.TestConfigs;
import dev.browseragent.worker.config.LlmConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.browseragent.testing.AgentOutputJson.action;
import static dev.browseragent.testing.AgentOutputJson.agentOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The factory reads the environment it is given, so these assertions hold whatever variables the test JVM has. */
class ModelClientFactoryTest {

    private static final Map<String, String> NO_VARIABLES = Map.of();

    @Test
    void defaultsToEachProvidersPublicApiWithoutVariables() {
        ModelClientFactory factory = new ModelClientFactory(TestConfigs.mapping(LlmConfig.class), NO_VARIABLES::get);

        assertEquals("https://api.openai.com/v1", factory.baseUrl(ModelProvider.OPENAI));
        assertEquals("https://api.anthropic.com/v1", factory.baseUrl(ModelProvider.ANTHROPIC));
        assertEquals("https://generativelanguage.googleapis.com/v1beta", factory.baseUrl(ModelProvider.GEMINI));
        assertEquals("", factory.apiKey(ModelProvider.OPENAI));
        LlmConfig config = TestConfigs.mapping(LlmConfig.class);
        assertEquals(Duration.ofSeconds(120), config.requestTimeout());
        assertEquals(3, config.maxRetries());
        assertTrue(config.modelMap().isEmpty());
    }

    @Test
    void readsTheStandardVariablesAndConfigurationOverridesThem() {
        Map<String, String> variables = Map.of("OPENAI_BASE_URL", "http://openai.test/v1", "OPENAI_API_KEY", "o-key",
                "ANTHROPIC_API_KEY", "a-key", "GOOGLE_API_KEY", "google-key", "GEMINI_BASE_URL", "http://gemini.test");
        ModelClientFactory fromVariables = new ModelClientFactory(TestConfigs.mapping(LlmConfig.class), variables::get);
        ModelClientFactory configured = new ModelClientFactory(TestConfigs.mapping(LlmConfig.class,
                "browser-agent.llm.openai.base-url", "http://configured.test/v1",
                "browser-agent.llm.gemini.api-key", "configured-key"), variables::get);

        assertEquals("http://openai.test/v1", fromVariables.baseUrl(ModelProvider.OPENAI));
        assertEquals("http://openai.test/v1", fromVariables.baseUrl(ModelProvider.OPENAI_COMPATIBLE));
        assertEquals("o-key", fromVariables.apiKey(ModelProvider.OPENAI));
        assertEquals("a-key", fromVariables.apiKey(ModelProvider.ANTHROPIC));
        assertEquals("google-key", fromVariables.apiKey(ModelProvider.GEMINI), "GOOGLE_API_KEY when GEMINI_API_KEY is unset");
        assertEquals("http://gemini.test", fromVariables.baseUrl(ModelProvider.GEMINI));
        assertEquals("http://configured.test/v1", configured.baseUrl(ModelProvider.OPENAI));
        assertEquals("configured-key", configured.apiKey(ModelProvider.GEMINI));
    }

    @Test
    void choosesTheProviderByModelNameOrConfiguration() {
        ModelClientFactory factory = new ModelClientFactory(TestConfigs.mapping(LlmConfig.class,
                "browser-agent.llm.model-provider.\"gpt-4.1\"", "openai-compatible"), NO_VARIABLES::get);

        assertEquals(ModelProvider.OPENAI_COMPATIBLE, factory.provider("gpt-4.1"));
        assertEquals(ModelProvider.OPENAI, factory.provider("gpt-4o-mini"));
        assertEquals(ModelProvider.OPENAI, factory.provider("o3"));
        assertEquals(ModelProvider.OPENAI, factory.provider("o4-mini"));
        assertEquals(ModelProvider.ANTHROPIC, factory.provider("claude-sonnet-4-20250514"));
        assertEquals(ModelProvider.GEMINI, factory.provider("gemini-2.5-pro"));
        assertEquals(ModelProvider.OPENAI_COMPATIBLE, factory.provider("llama-4-maverick-17b-128e-instruct"));
        assertEquals(ModelProvider.OPENAI_COMPATIBLE, factory.provider("qwen2.5vl:7b"));
    }

    @Test
    void sendsMappedModelNamesAsTheirModelIdAndOthersAsTheyAre() {
        try (ScriptedModelServer model = ScriptedModelServer.start()) {
            model.when(prompt -> true, prompt -> agentOutput("", "", "", action("done", "text", "ok")));
            ModelClientFactory factory = new ModelClientFactory(TestConfigs.mapping(LlmConfig.class,
                    "browser-agent.llm.model-map.\"gpt-4.1\"", "qwen2.5vl:7b",
                    "browser-agent.llm.text-only-models", "my-local-model"),
                    Map.of("OPENAI_BASE_URL", model.baseUrl())::get);
            ModelRequest request = new ModelRequest("system", "user", null, ActionCatalog.of(null).doneOnly());

            factory.forModel("gpt-4.1").next(request);
            factory.forModel("my-local-model").next(request);

            assertEquals("qwen2.5vl:7b", model.requests().get(0).model());
            assertEquals("my-local-model", model.requests().get(1).model());
            assertTrue(factory.forModel("gpt-4.1").readsImages());
            assertFalse(factory.forModel("my-local-model").readsImages());
        }
    }
}
