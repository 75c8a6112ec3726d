package dev.browseragent.worker.agent.action;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

/** Closes an open tab; closing the current one makes the last one left current. */
public record CloseTab(@JsonProperty("tab_id") String tabId) implements Action {

    public static final ActionType TYPE = new ActionType("close", "Close the tab with this id.",
            JsonObjectSchema.builder()
                    .addStringProperty("tab_id", "The tab's id from the list of open tabs")
                    .required("tab_id")
                    .build(),
            CloseTab.class);

    public CloseTab {
        Params.required(tabId, "tab_id");
    }

    @Override
    public ActionResult execute(ActionContext context) {
        if (context.session().tabs().size() == 1) {
            throw new ActionException("tab " + tabId + " is the only tab; it stays open");
        }
        if (!context.session().closeTab(tabId)) {
            throw new ActionException("there is no tab " + tabId + "; use an id from the list of open tabs");
        }
        return ActionResult.of("Closed tab " + tabId + "; the current tab is " + context.session().currentTabId());
    }
}
