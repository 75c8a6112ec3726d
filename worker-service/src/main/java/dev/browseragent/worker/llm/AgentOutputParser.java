package dev.browseragent.worker.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/** Reads the agent output out of the text a provider returned. */
public final class AgentOutputParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentOutputParser() {
    }

    /** @throws ModelException when the text is not a valid agent output, saying what is wrong */
    public static AgentOutput parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ModelException("the model's answer is empty", null);
        }
        try {
            return JSON.readValue(text, AgentOutput.class);
        } catch (ValueInstantiationException e) {
            // A record's own check failed: its cause says what is wrong, without Jackson's wrapping.
            String problem = e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage();
            throw new ModelException("the model's answer is not a valid AgentOutput: " + problem, e);
        } catch (JsonProcessingException e) {
            throw new ModelException("the model's answer is not a valid AgentOutput: " + e.getOriginalMessage(), e);
        }
    }
}
