package dev.browseragent.worker.agent.action;

import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Presses keys on the focused element: space-separated presses, each a key or a chord such as {@code Control+a}.
 * Key names are read however a model is likely to spell them ({@code Enter}, {@code enter}, {@code Return},
 * {@code ArrowDown}, {@code arrow_down}, {@code Down}, {@code Ctrl}, {@code Cmd}, {@code PgDn}, {@code F5}...); a
 * single character is typed as itself, {@code +} included ({@code +}, {@code Shift++}), and {@code Space} is a space.
 */
public record SendKeys(String keys) implements Action {

    public static final ActionType TYPE = new ActionType("send_keys",
            "Press keys on the focused element, e.g. \"Enter\", \"Escape\", \"Control+a\", \"Tab Tab Enter\".",
            JsonObjectSchema.builder()
                    .addStringProperty("keys", "Space-separated key presses; '+' joins a chord")
                    .required("keys")
                    .build(),
            SendKeys.class);

    /** Key names, lower case without separators, to the key. */
    private static final Map<String, CharSequence> NAMES = names();

    /** The keys that can be held down while the last key of a chord is pressed. */
    private static final Set<Keys> MODIFIERS = Set.of(Keys.CONTROL, Keys.SHIFT, Keys.ALT, Keys.META, Keys.COMMAND);

    public SendKeys {
        Params.required(keys, "keys");
        if (keys.isBlank()) {
            throw new IllegalArgumentException("'keys' is empty");
        }
    }

    private static Map<String, CharSequence> names() {
        Map<String, CharSequence> names = new java.util.HashMap<>();
        for (Keys key : Keys.values()) {
            names.put(normalise(key.name()), key);
        }
        names.putAll(Map.ofEntries(
                Map.entry("ctrl", Keys.CONTROL), Map.entry("control", Keys.CONTROL),
                Map.entry("cmd", Keys.META), Map.entry("command", Keys.META), Map.entry("meta", Keys.META),
                Map.entry("super", Keys.META), Map.entry("win", Keys.META), Map.entry("windows", Keys.META),
                Map.entry("option", Keys.ALT), Map.entry("opt", Keys.ALT), Map.entry("alt", Keys.ALT),
                Map.entry("esc", Keys.ESCAPE), Map.entry("return", Keys.ENTER), Map.entry("enter", Keys.ENTER),
                Map.entry("del", Keys.DELETE), Map.entry("ins", Keys.INSERT), Map.entry("bksp", Keys.BACK_SPACE),
                Map.entry("backspace", Keys.BACK_SPACE), Map.entry("space", " "), Map.entry("spacebar", " "),
                Map.entry("up", Keys.ARROW_UP), Map.entry("down", Keys.ARROW_DOWN), Map.entry("left", Keys.ARROW_LEFT),
                Map.entry("right", Keys.ARROW_RIGHT), Map.entry("pgup", Keys.PAGE_UP), Map.entry("pgdn", Keys.PAGE_DOWN),
                Map.entry("pagedn", Keys.PAGE_DOWN), Map.entry("plus", "+")));
        IntStream.rangeClosed(1, 12).forEach(n -> names.put("f" + n, Keys.valueOf("F" + n)));
        return Map.copyOf(names);
    }

    @Override
    public ActionResult execute(ActionContext context) {
        Actions presses = new Actions(context.session().driver());
        for (String press : keys.strip().split("\\s+")) {
            List<CharSequence> chord = chord(press);
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
        presses.perform();
        context.awaitNavigationStarted();
        return ActionResult.of("Pressed " + keys);
    }

    /** {@code Control+Shift+a} to its keys; a '+' that is itself the key ({@code +}, {@code Control++}) is kept. */
    static List<CharSequence> chord(String press) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        for (int i = 0; i < press.length(); i++) {
            char c = press.charAt(i);
            if (c == '+' && part.length() > 0) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        if (part.length() > 0) {
            parts.add(part.toString());
        }
        return parts.stream().map(SendKeys::key).collect(Collectors.toList());
    }

    private static CharSequence key(String name) {
        if (name.length() == 1) {
            return name;
        }
        CharSequence key = NAMES.get(normalise(name));
        if (key == null) {
            throw new ActionException("unknown key '" + name + "'; use names such as Enter, Escape, Tab, ArrowDown,"
                    + " Backspace, Control, Shift, Alt, Meta, F5, or a single character");
        }
        return key;
    }

    /** {@code ArrowDown}, {@code ARROW_DOWN}, {@code arrow-down} all to {@code arrowdown}. */
    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
