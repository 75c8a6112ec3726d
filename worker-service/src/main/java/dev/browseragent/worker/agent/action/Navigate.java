package dev.browseragent.worker.agent.action;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.browseragent.worker.browser.BrowserSession;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

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
        session.lastBlockedNavigation();
        try {
            session.driver().get(url);
        } catch (TimeoutException e) {
            return ActionResult.of("Opened " + url + where + "; it was still loading when the page-load timeout passed");
        } catch (WebDriverException e) {
            // A refused tunnel (https) makes the load fail; say why rather than how.
            throw blockedHere(session).orElseThrow(() -> e);
        }
        // Only the URL asked for: where the page goes by itself afterwards, the model sees on the blocked page.
        blockedHere(session).ifPresent(refusal -> {
            throw refusal;
        });
        return ActionResult.of("Opened " + url + where);
    }

    /** The error to report when the task's network policy refused this very URL. */
    private Optional<ActionException> blockedHere(BrowserSession session) {
        String host = URI.create(url).getHost();
        return session.lastBlockedNavigation()
                .filter(blocked -> host != null && blocked.target().contains("://" + host.toLowerCase(Locale.ROOT)))
                .map(blocked -> new ActionException("did not open " + url + ": " + blocked.describe()));
    }
}
