package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

/** Scrolls the first occurrence of a text into view, however far down the page it is. */
public record FindText(String text) implements Action {

    public static final ActionType TYPE = new ActionType("find_text",
            "Scroll the first occurrence of this text on the page into view.",
            JsonObjectSchema.builder()
                    .addStringProperty("text", "The text to find (case does not matter)")
                    .required("text")
                    .build(),
            FindText.class);

    public FindText {
        Params.required(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("'text' is empty");
        }
    }

    @Override
    public ActionResult execute(ActionContext context) {
        if (!Boolean.TRUE.equals(context.script(PageScripts.FIND_TEXT, text))) {
            throw new ActionException("the text \"" + text + "\" is not on the page");
        }
        return ActionResult.of("Scrolled to \"" + text + "\"");
    }
}
