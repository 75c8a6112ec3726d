package dev.browseragent.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.browseragent.testing.ModelPrompt;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One task on a stack and the model's part in it, for classes whose tasks run beside others' on the shared stack:
 * the task's text carries a marker that every prompt of this task contains and no other task's does, so the rules
 * added here answer only its prompts.
 *
 * @param marker what the task's text, and so each of its prompts, contains, e.g. {@code "Open /shop "}
 * @param task   the whole task text
 */
record ScriptedTask(StackExtension stack, String marker, String task) {

    boolean isMine(ModelPrompt prompt) {
        return prompt.contains(marker);
    }

    /** When this task's prompt contains the fragment, the model answers so; earlier rules win. */
    ScriptedTask when(String fragment, Function<ModelPrompt, String> answer) {
        stack.model().when(p -> isMine(p) && p.contains(fragment), answer);
        return this;
    }

    /** The requests the model received for this task, oldest first. */
    List<ModelPrompt> prompts() {
        return stack.model().requests().stream().filter(this::isMine).toList();
    }

    /** Runs the task with these run-task fields besides its text, and answers the task as it ended. */
    JsonNode run(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("task", task);
        return stack.client().awaitEnd(stack.client().runTask(body));
    }

    /** Runs the task, checks that it finished, and answers it. */
    JsonNode finish(Map<String, Object> fields) {
        JsonNode ended = run(fields);
        assertEquals("finished", ended.get("status").asText(), ended.toString());
        return ended;
    }

    JsonNode finish() {
        return finish(Map.of());
    }
}
