package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Lists the options of a native select or an ARIA listbox, for the model to choose with select_dropdown. */
public record DropdownOptions(Integer index) implements Action {

    public static final ActionType TYPE = new ActionType("dropdown_options",
            "List the options of the dropdown (select or listbox) with this index.",
            JsonObjectSchema.builder()
                    .addIntegerProperty("index", "The dropdown's [index] in browser_state")
                    .required("index")
                    .build(),
            DropdownOptions.class);

    public DropdownOptions {
        Params.required(index, "index");
    }

    @Override
    @SuppressWarnings("unchecked")
    public ActionResult execute(ActionContext context) {
        Object options = context.element(index).call(PageScripts.OPTIONS);
        if (!(options instanceof List<?> list) || list.isEmpty()) {
            throw new ActionException("element [" + index + "] is not a dropdown with options");
        }
        String lines = ((List<Map<String, Object>>) list).stream()
                .map(option -> "- \"" + option.get("text") + "\""
                        + (option.get("value") == null || option.get("value").toString().isEmpty()
                        || option.get("value").equals(option.get("text")) ? "" : " (value " + option.get("value") + ")")
                        + (Boolean.TRUE.equals(option.get("selected")) ? " [selected]" : ""))
                .collect(Collectors.joining("\n"));
        return ActionResult.of("Options of element [" + index + "]:\n" + lines);
    }
}
