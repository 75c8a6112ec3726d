package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.openqa.selenium.WebElement;

import java.util.Objects;

/** Types text into an element, replacing what it holds unless {@code clear} is false. */
public record Input(Integer index, String text, Boolean clear) implements Action {

    public static final ActionType TYPE = new ActionType("input", "Type text into the element with this index.",
            JsonObjectSchema.builder()
                    .addIntegerProperty("index", "The element's [index] in browser_state")
                    .addStringProperty("text", "The text to type")
                    .addBooleanProperty("clear", "Clear the field first (default true)")
                    .required("index", "text")
                    .build(),
            Input.class);

    public Input {
        Params.required(index, "index");
        Params.required(text, "text");
        clear = Objects.requireNonNullElse(clear, true);
    }

    @Override
    public ActionResult execute(ActionContext context) {
        WebElement element = context.element(index);
        if (clear) {
            element.clear();
        }
        // The model writes <secret>name</secret>; the value exists only in the keystrokes, never in the result.
        element.sendKeys(context.session().secrets().reveal(text));
        return ActionResult.of("Typed \"" + text + "\" into element [" + index + "]");
    }
}
