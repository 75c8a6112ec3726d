package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

/** Clicks an element of the page, scrolled into view; covered by an overlay, the click goes to the element itself. */
public record Click(Integer index) implements Action {

    public static final ActionType TYPE = new ActionType("click", "Click the element with this index.",
            JsonObjectSchema.builder()
                    .addIntegerProperty("index", "The element's [index] in browser_state")
                    .required("index")
                    .build(),
            Click.class);

    public Click {
        Params.required(index, "index");
    }

    @Override
    public ActionResult execute(ActionContext context) {
        context.element(index).click();
        context.awaitNavigationStarted();
        return ActionResult.of("Clicked element [" + index + "]");
    }
}
