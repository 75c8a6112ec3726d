package dev.browseragent.worker.agent;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the agent is asked to do.
 *
 * @param task                 the user's request in plain language
 * @param llmModel             the public model name, e.g. {@code gpt-4.1}
 * @param maxSteps             the most steps the run may take; the last one can only finish
 * @param useVision            send a screenshot with each step (only if {@code browser-agent.agent.use-vision} is on
 *                             and the model reads images)
 * @param highlightElements    draw numbered boxes on the interactive elements in each step's screenshot
 * @param structuredOutputJson the JSON Schema {@code done}'s data must follow, or null for a text answer
 * @param includedFileNames    the account's uploaded files {@code upload_file} may use
 * @param secrets              secret values by name: the model sees only the names and writes
 *                             {@code <secret>name</secret>}; every value is replaced by its placeholder in what
 *                             leaves the worker
 */
public record AgentTask(UUID id, String task, String llmModel, int maxSteps, int viewportWidth, int viewportHeight,
                        boolean useVision, boolean highlightElements, String structuredOutputJson,
                        List<String> includedFileNames, Map<String, String> secrets) {

    public AgentTask {
        includedFileNames = includedFileNames == null ? List.of() : List.copyOf(includedFileNames);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    /** A plain task: text answer, no files, no secrets, no highlights. */
    public static AgentTask of(UUID id, String task, String llmModel, int maxSteps, int viewportWidth,
                               int viewportHeight, boolean useVision) {
        return new AgentTask(id, task, llmModel, maxSteps, viewportWidth, viewportHeight, useVision, false, null,
                List.of(), Map.of());
    }
}
