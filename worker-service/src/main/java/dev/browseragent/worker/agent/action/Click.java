package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.WebElement;

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
        WebElement element = context.element(index);
        String urlBefore = context.session().driver().getCurrentUrl();
        try {
            element.click();
        } catch (ElementNotInteractableException e) {
            // Covered by an overlay (ElementClickInterceptedException is one) or without a clickable box: deliver
            // the click to the element itself.
            context.session().driver().executeScript("arguments[0].click();", element);
        }
        context.session().awaitNavigationStartedBy(urlBefore);
        return ActionResult.of("Clicked element [" + index + "]");
    }
}
