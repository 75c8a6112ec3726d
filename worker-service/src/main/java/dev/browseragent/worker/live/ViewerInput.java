package dev.browseragent.worker.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One input of the person at the live view (a JSON text message), checked, as the DevTools command that performs it
 * on the page. The viewer sends positions as fractions of the frame it shows ({@code 0..1} from the left and the top),
 * so the size it draws the frame at does not matter; they become the page's CSS pixels here. The messages:
 * <pre>
 * {"type": "mouse", "action": "move|down|up", "x": 0.5, "y": 0.5, "button": "none|left|middle|right", "clicks": 1}
 * {"type": "wheel", "x": 0.5, "y": 0.5, "dx": 0, "dy": 120}
 * {"type": "key", "action": "down|up", "key": "a", "code": "KeyA", "text": "a", "key_code": 65}
 * {"type": "text", "text": "pasted text"}
 * </pre>
 * {@code modifiers} (Alt 1, Ctrl 2, Meta 4, Shift 8) may go with any but text.
 */
public record ViewerInput(String method, Map<String, Object> params) {

    /** A message longer than this is not input a person typed or clicked. */
    static final int MAX_MESSAGE_CHARS = 4096;
    static final int MAX_TEXT_CHARS = 1000;
    private static final int MAX_WHEEL_DELTA = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> BUTTONS = Set.of("none", "left", "middle", "right");

    /** A message that is not input: the viewer's socket is closed with this reason. */
    public static final class BadInput extends Exception {
        BadInput(String reason) {
            super(reason);
        }
    }

    /**
     * @param pageWidth  the page's width in CSS pixels, as the current frame shows it
     * @param pageHeight its height
     */
    public static ViewerInput parse(String message, int pageWidth, int pageHeight) throws BadInput {
        if (message.length() > MAX_MESSAGE_CHARS) {
            throw new BadInput("An input message is at most " + MAX_MESSAGE_CHARS + " characters");
        }
        JsonNode input;
        try {
            input = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            throw new BadInput("An input message is a JSON object");
        }
        if (input == null || !input.isObject()) {
            throw new BadInput("An input message is a JSON object");
        }
        String type = text(input, "type", 16, true);
        return switch (type) {
            case "mouse" -> mouse(input, pageWidth, pageHeight);
            case "wheel" -> wheel(input, pageWidth, pageHeight);
            case "key" -> key(input);
            case "text" -> new ViewerInput("Input.insertText", Map.of("text", text(input, "text", MAX_TEXT_CHARS, true)));
            default -> throw new BadInput("Unknown input type; expected mouse, wheel, key or text");
        };
    }

    /**
     * A position on the frame (fractions of its width and height) in the page's CSS pixels, inside the page: the
     * frame shows the whole viewport, so its fractions are the viewport's.
     */
    static double[] pagePoint(double x, double y, int pageWidth, int pageHeight) {
        return new double[]{Math.min(x * pageWidth, pageWidth - 1.0), Math.min(y * pageHeight, pageHeight - 1.0)};
    }

    private static ViewerInput mouse(JsonNode input, int pageWidth, int pageHeight) throws BadInput {
        String action = text(input, "action", 8, true);
        String type = switch (action) {
            case "move" -> "mouseMoved";
            case "down" -> "mousePressed";
            case "up" -> "mouseReleased";
            default -> throw new BadInput("A mouse action is move, down or up");
        };
        String button = input.has("button") ? text(input, "button", 8, true) : action.equals("move") ? "none" : "left";
        if (!BUTTONS.contains(button)) {
            throw new BadInput("A mouse button is none, left, middle or right");
        }
        Map<String, Object> params = at(input, pageWidth, pageHeight);
        params.put("type", type);
        params.put("button", button);
        params.put("clickCount", integer(input, "clicks", 0, 3, action.equals("move") ? 0 : 1));
        params.put("modifiers", integer(input, "modifiers", 0, 15, 0));
        return new ViewerInput("Input.dispatchMouseEvent", params);
    }

    private static ViewerInput wheel(JsonNode input, int pageWidth, int pageHeight) throws BadInput {
        Map<String, Object> params = at(input, pageWidth, pageHeight);
        params.put("type", "mouseWheel");
        params.put("deltaX", number(input, "dx", -MAX_WHEEL_DELTA, MAX_WHEEL_DELTA, 0.0));
        params.put("deltaY", number(input, "dy", -MAX_WHEEL_DELTA, MAX_WHEEL_DELTA, 0.0));
        params.put("modifiers", integer(input, "modifiers", 0, 15, 0));
        return new ViewerInput("Input.dispatchMouseEvent", params);
    }

    private static ViewerInput key(JsonNode input) throws BadInput {
        String action = text(input, "action", 8, true);
        if (!action.equals("down") && !action.equals("up")) {
            throw new BadInput("A key action is down or up");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("key", text(input, "key", 32, true));
        if (input.has("code")) {
            params.put("code", text(input, "code", 32, false));
        }
        params.put("windowsVirtualKeyCode", integer(input, "key_code", 0, 255, 0));
        params.put("modifiers", integer(input, "modifiers", 0, 15, 0));
        String typed = input.has("text") ? text(input, "text", 4, false) : "";
        if (action.equals("up")) {
            params.put("type", "keyUp");
        } else if (typed.isEmpty()) {
            params.put("type", "rawKeyDown");
        } else {
            // A key down with its text types the text, as a real key press does.
            params.put("type", "keyDown");
            params.put("text", typed);
            params.put("unmodifiedText", typed);
        }
        return new ViewerInput("Input.dispatchKeyEvent", params);
    }

    private static Map<String, Object> at(JsonNode input, int pageWidth, int pageHeight) throws BadInput {
        double[] point = pagePoint(number(input, "x", 0, 1, null), number(input, "y", 0, 1, null), pageWidth,
                pageHeight);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("x", point[0]);
        params.put("y", point[1]);
        return params;
    }

    private static String text(JsonNode input, String field, int maxChars, boolean required) throws BadInput {
        JsonNode value = input.get(field);
        if (value == null || !value.isTextual()) {
            throw new BadInput("Input field " + field + " must be a string");
        }
        String text = value.asText();
        if ((required && text.isEmpty()) || text.length() > maxChars) {
            throw new BadInput("Input field " + field + " must have 1 to " + maxChars + " characters");
        }
        return text;
    }

    private static double number(JsonNode input, String field, double min, double max, Double fallback)
            throws BadInput {
        JsonNode value = input.get(field);
        if (value == null && fallback != null) {
            return fallback;
        }
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())
                || value.asDouble() < min || value.asDouble() > max) {
            throw new BadInput("Input field " + field + " must be a number from " + min + " to " + max);
        }
        return value.asDouble();
    }

    private static int integer(JsonNode input, String field, int min, int max, int fallback) throws BadInput {
        JsonNode value = input.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw new BadInput("Input field " + field + " must be a whole number from " + min + " to " + max);
        }
        return value.asInt();
    }
}
