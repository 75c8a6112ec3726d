package dev.browseragent.worker.agent.action;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.browseragent.worker.browser.BrowserSession;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.openqa.selenium.TimeoutException;

import java.util.Objects;

/** Opens a URL in the current tab or a new one, if the network policy allows it. */
public record Navigate(String url, @JsonProperty("new_tab") Boolean newTab) implements Action {

    public static final ActionType TYPE = new ActionType("navigate",
            "Open the URL in the current tab, or in a new tab with new_tab=true.",
            JsonObjectSchema.builder()
                    .addStringProperty("url", "An absolute http or https URL")
                    .addBooleanProperty("new_tab", "Open it in a new tab (default false)")
                    .required("url")
                    .build(),
            Navigate.class);

    public Navigate {
        Params.required(url, "url");
        newTab = Objects.requireNonNullElse(newTab, false);
    }

    @Override
    public ActionResult execute(ActionContext context) {
        context.environment().networkPolicy().refusal(url).ifPresent(reason -> {
            throw new ActionException("did not open " + url + ": " + reason);
        });
        BrowserSession session = context.session();
        if (newTab) {
            session.openTab();
        }
        String where = newTab ? " in new tab " + session.currentTabId() : "";
        try {
            session.driver().get(url);
        } catch (TimeoutException e) {
            return ActionResult.of("Opened " + url + where + "; it was still loading when the page-load timeout passed");
        }
        return ActionResult.of("Opened " + url + where);
    }
}
