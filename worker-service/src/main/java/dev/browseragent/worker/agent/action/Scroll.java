package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.util.Objects;

/** Scrolls the page, or a scrollable element, by a number of its visible heights. */
public record Scroll(Boolean down, Double pages, Integer index) implements Action {

    public static final ActionType TYPE = new ActionType("scroll",
            "Scroll the page, or the scrollable element with this index, down or up by a number of pages.",
            JsonObjectSchema.builder()
                    .addBooleanProperty("down", "Down (true, default) or up (false)")
                    .addNumberProperty("pages", "How far, in visible heights (default 1.0)")
                    .addIntegerProperty("index", "A scrollable element's [index]; without it the page scrolls")
                    .build(),
            Scroll.class);

    public Scroll {
        down = Objects.requireNonNullElse(down, true);
        pages = Objects.requireNonNullElse(pages, 1.0);
    }

    @Override
    public ActionResult execute(ActionContext context) {
        double direction = down ? 1 : -1;
        if (index == null) {
            context.script("window.scrollBy(0, arguments[0] * window.innerHeight);", direction * pages);
        } else {
            context.element(index).call("arguments[0].scrollBy(0, arguments[1] * arguments[0].clientHeight);",
                    direction * pages);
        }
        return ActionResult.of("Scrolled " + (index == null ? "the page" : "element [" + index + "]") + " "
                + (down ? "down" : "up") + " by " + pages + " pages");
    }
}
