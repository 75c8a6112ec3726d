package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

/** Chooses an option of a native select or an ARIA listbox by its visible text or its value. */
public record SelectDropdown(Integer index, String text) implements Action {

    public static final ActionType TYPE = new ActionType("select_dropdown",
            "Choose an option of the dropdown (select or listbox) with this index, by its text or value.",
            JsonObjectSchema.builder()
                    .addIntegerProperty("index", "The dropdown's [index] in browser_state")
                    .addStringProperty("text", "The option's visible text or its value")
                    .required("index", "text")
                    .build(),
            SelectDropdown.class);

    public SelectDropdown {
        Params.required(index, "index");
        Params.required(text, "text");
    }

    @Override
    public ActionResult execute(ActionContext context) {
        Object chosen = context.element(index).call(PageScripts.SELECT, text);
        if (chosen == null) {
            throw new ActionException("element [" + index + "] has no option \"" + text
                    + "\"; use dropdown_options to list its options");
        }
        return ActionResult.of("Selected \"" + chosen + "\" in element [" + index + "]");
    }
}
