package dev.browseragent.worker.agent.action;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

/** Makes another open tab the current one. */
public record SwitchTab(@JsonProperty("tab_id") String tabId) implements Action {

    public static final ActionType TYPE = new ActionType("switch", "Make the tab with this id the current tab.",
            JsonObjectSchema.builder()
                    .addStringProperty("tab_id", "The tab's id from the list of open tabs")
                    .required("tab_id")
                    .build(),
            SwitchTab.class);

    public SwitchTab {
        Params.required(tabId, "tab_id");
    }

    @Override
    public ActionResult execute(ActionContext context) {
        if (!context.session().switchToTab(tabId)) {
            throw new ActionException("there is no tab " + tabId + "; use an id from the list of open tabs");
        }
        return ActionResult.of("Switched to tab " + tabId);
    }
}
