package dev.browseragent.worker.agent;

import dev.browseragent.model.TaskSearch;

import java.util.List;
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
 * @param resumeUrl            for a paused task resumed after its browser was closed: the page its earlier attempt
 *                             was on, where this run starts; null to start on a blank page
 * @param search               for a search task, what it looks for ({@link SearchRun} runs it); null for a task
 * <p>
 * The task's secrets travel with its browser session ({@code BrowserSession#secrets()}), set when the session is
 * handed to the task.
 */
public record AgentTask(UUID id, String task, String llmModel, int maxSteps, int viewportWidth, int viewportHeight,
                        boolean useVision, boolean highlightElements, String structuredOutputJson,
                        List<String> includedFileNames, String resumeUrl, TaskSearch search) {

    public AgentTask {
        includedFileNames = includedFileNames == null ? List.of() : List.copyOf(includedFileNames);
    }

    /** A plain task: text answer, no files, no highlights. */
    public static AgentTask of(UUID id, String task, String llmModel, int maxSteps, int viewportWidth,
                               int viewportHeight, boolean useVision) {
        return new AgentTask(id, task, llmModel, maxSteps, viewportWidth, viewportHeight, useVision, false, null,
                List.of(), null, null);
    }
}
