package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.browseragent.worker.browser.PageElement;

import java.util.Objects;
import java.util.Set;

/**
 * Types text into an element, replacing what it holds unless {@code clear} is false: a text field, a text area or a
 * contenteditable region gets input events as from a keyboard. Inputs without typing of their own (date, time,
 * range, color...) get the value set as their picker would set it. {@code <secret>name</secret>} placeholders are replaced by their values only here.
 */
public record Input(Integer index, String text, Boolean clear) implements Action {

    public static final ActionType TYPE = new ActionType("input",
            "Type text into the element with this index (a field, a text area or an editable region); date inputs"
                    + " take yyyy-mm-dd, time inputs hh:mm.",
            JsonObjectSchema.builder()
                    .addIntegerProperty("index", "The element's [index] in browser_state")
                    .addStringProperty("text", "The text to type; <secret>name</secret> types that secret")
                    .addBooleanProperty("clear", "Clear the field first (default true)")
                    .required("index", "text")
                    .build(),
            Input.class);

    /** Input types whose value a picker sets rather than typing (and whose typed form depends on the locale). */
    private static final Set<String> PICKER_TYPES =
            Set.of("date", "time", "datetime-local", "month", "week", "range", "color");

    public Input {
        Params.required(index, "index");
        Params.required(text, "text");
        clear = Objects.requireNonNullElse(clear, true);
    }

    @Override
    public ActionResult execute(ActionContext context) {
        PageElement element = context.element(index);
        String value = context.environment().revealSecrets().apply(text);
        String type = element.tag().equals("input") ? element.property("type") : "";
        if (PICKER_TYPES.contains(type)) {
            Object held = element.call(PageScripts.SET_VALUE, value);
            if (!value.equals(held)) {
                throw new ActionException("the " + type + " input did not take \"" + text + "\""
                        + (held == null || held.toString().isEmpty() ? "" : " (it holds \"" + held + "\")")
                        + "; " + formatHint(type));
            }
            return ActionResult.of("Set element [" + index + "] to \"" + text + "\"");
        }
        element.type(value, clear);
        return ActionResult.of("Typed \"" + text + "\" into element [" + index + "]");
    }

    private static String formatHint(String type) {
        return switch (type) {
            case "date" -> "use yyyy-mm-dd";
            case "time" -> "use hh:mm (24 hours)";
            case "datetime-local" -> "use yyyy-mm-ddThh:mm";
            case "month" -> "use yyyy-mm";
            case "week" -> "use yyyy-Www";
            case "color" -> "use #rrggbb in lower case";
            default -> "use a number within the input's range and step";
        };
    }
}
