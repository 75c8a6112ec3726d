package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.util.Objects;

/** Waits for the page, at most {@link #MAX_SECONDS}. */
public record Wait(Integer seconds) implements Action {

    static final int MAX_SECONDS = 30;

    public static final ActionType TYPE = new ActionType("wait",
            "Wait for the page to change, e.g. while something loads.",
            JsonObjectSchema.builder()
                    .addIntegerProperty("seconds", "How long, at most " + MAX_SECONDS + " (default 3)")
                    .build(),
            Wait.class);

    public Wait {
        seconds = Math.max(0, Math.min(MAX_SECONDS, Objects.requireNonNullElse(seconds, 3)));
    }

    @Override
    public ActionResult execute(ActionContext context) {
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActionException("the wait was interrupted");
        }
        return ActionResult.of("Waited " + seconds + " seconds");
    }
}
