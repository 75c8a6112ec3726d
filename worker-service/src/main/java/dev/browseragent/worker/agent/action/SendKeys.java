package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Presses keys on the focused element: space-separated presses, each a key or a chord such as {@code Control+a}.
 * Key names follow the DOM's ({@code Enter}, {@code Escape}, {@code ArrowDown}, {@code PageUp}, {@code Backspace});
 * a single character is typed as itself.
 */
public record SendKeys(String keys) implements Action {

    public static final ActionType TYPE = new ActionType("send_keys",
            "Press keys on the focused element, e.g. \"Enter\", \"Escape\", \"Control+a\", \"Tab Tab Enter\".",
            JsonObjectSchema.builder()
                    .addStringProperty("keys", "Space-separated key presses; '+' joins a chord")
                    .required("keys")
                    .build(),
            SendKeys.class);

    /** Names people (and models) use that differ from Selenium's. */
    private static final Map<String, Keys> ALIASES = Map.of(
            "BACKSPACE", Keys.BACK_SPACE, "ESC", Keys.ESCAPE, "CTRL", Keys.CONTROL, "CMD", Keys.COMMAND,
            "RETURN", Keys.ENTER);

    /** The keys that can be held down while the last key of a chord is pressed. */
    private static final Set<Keys> MODIFIERS = Set.of(Keys.CONTROL, Keys.SHIFT, Keys.ALT, Keys.META, Keys.COMMAND);

    public SendKeys {
        Params.required(keys, "keys");
        if (keys.isBlank()) {
            throw new IllegalArgumentException("'keys' is empty");
        }
    }

    @Override
    public ActionResult execute(ActionContext context) {
        Actions presses = new Actions(context.session().driver());
        for (String press : keys.strip().split("\\s+")) {
            List<CharSequence> chord = Arrays.stream(press.split("\\+")).map(SendKeys::key).toList();
            List<CharSequence> held = chord.subList(0, chord.size() - 1);
            held.forEach(key -> {
                if (!MODIFIERS.contains(key)) {
                    throw new ActionException("in '" + press + "', only Control, Shift, Alt or Meta can come before '+'");
                }
                presses.keyDown(key);
            });
            presses.sendKeys(chord.get(chord.size() - 1));
            held.forEach(presses::keyUp);
        }
        String urlBefore = context.session().driver().getCurrentUrl();
        presses.perform();
        context.session().awaitNavigationStartedBy(urlBefore);
        return ActionResult.of("Pressed " + keys);
    }

    private static CharSequence key(String name) {
        if (name.length() == 1) {
            return name;
        }
        // ArrowDown -> ARROW_DOWN, PageUp -> PAGE_UP
        String constant = name.replaceAll("(?<=[a-z])(?=[A-Z])", "_").toUpperCase(Locale.ROOT);
        if (ALIASES.containsKey(constant)) {
            return ALIASES.get(constant);
        }
        try {
            return Keys.valueOf(constant);
        } catch (IllegalArgumentException e) {
            throw new ActionException("unknown key '" + name + "'");
        }
    }
}
