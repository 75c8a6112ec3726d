package dev.browseragent.worker.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.browseragent.worker.llm.TokenUsage;

/**
 * One step as it is recorded.
 *
 * @param number                 1-based
 * @param evaluationPreviousGoal the model's evaluation of the previous goal; empty when the model gave no answer
 * @param memory                 the model's memory; empty when the model gave no answer
 * @param nextGoal               the model's next goal; empty when the model gave no answer
 * @param url                    the URL of the page the model was shown
 * @param actionsJson            a JSON array: per action the model asked for, the action and what became of it
 *                               ({@code {"action": {"click": {"index": 3}}, "status": "ok|error|not_run",
 *                               "message": "..."}}); or, when the model gave no usable answer, one
 *                               {@code {"error": "..."}}
 * @param screenshotPng          the viewport the model was shown, as PNG (with element highlights when on)
 * @param timings                how long the step's parts took
 * @param tokens                 the tokens the step's model calls used
 */
public record AgentStep(int number, String evaluationPreviousGoal, String memory, String nextGoal, String url,
                        String actionsJson, byte[] screenshotPng, Timings timings, TokenUsage tokens) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** This step with {@code {"notice": "..."}} first in its actions: what the service tells the task's reader. */
    public AgentStep withNotice(String notice) {
        String actions;
        try {
            ArrayNode entries = (ArrayNode) JSON.readTree(actionsJson == null ? "[]" : actionsJson);
            entries.insert(0, JSON.createObjectNode().put("notice", notice));
            actions = JSON.writeValueAsString(entries);
        } catch (JsonProcessingException | ClassCastException e) {
            return this;
        }
        return new AgentStep(number, evaluationPreviousGoal, memory, nextGoal, url, actions, screenshotPng, timings,
                tokens);
    }

    /** This step under another number: a search's page readings continue its numbering. */
    AgentStep renumbered(int newNumber) {
        return new AgentStep(newNumber, evaluationPreviousGoal, memory, nextGoal, url, actionsJson, screenshotPng,
                timings, tokens);
    }

    /**
     * @param observeMillis reading the page and taking the screenshot
     * @param modelMillis   the model call
     * @param actMillis     running the actions
     */
    public record Timings(long observeMillis, long modelMillis, long actMillis) {
    }
}
