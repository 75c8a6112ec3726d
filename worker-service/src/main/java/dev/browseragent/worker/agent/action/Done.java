package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.util.Objects;

/** Ends the task with the model's answer for the user. */
public record Done(String text, Boolean success) implements Action {

    public static final ActionType TYPE = new ActionType("done",
            "Finish the task: text is the answer for the user; success says whether the task was accomplished.",
            JsonObjectSchema.builder()
                    .addStringProperty("text", "The result for the user, with everything they asked for")
                    .addBooleanProperty("success", "Whether the task was fully accomplished (default true)")
                    .required("text")
                    .build(),
            Done.class);

    public Done {
        Params.required(text, "text");
        success = Objects.requireNonNullElse(success, true);
    }

    @Override
    public ActionResult execute(ActionContext context) {
        return ActionResult.completed(text, success);
    }
}
