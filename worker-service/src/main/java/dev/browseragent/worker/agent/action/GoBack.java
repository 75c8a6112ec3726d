package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

/** Goes back in the current tab's history. */
public record GoBack() implements Action {

    public static final ActionType TYPE = new ActionType("go_back", "Go back to the previous page of this tab.",
            JsonObjectSchema.builder().build(), GoBack.class);

    @Override
    public ActionResult execute(ActionContext context) {
        context.session().driver().navigate().back();
        return ActionResult.of("Went back");
    }
}
