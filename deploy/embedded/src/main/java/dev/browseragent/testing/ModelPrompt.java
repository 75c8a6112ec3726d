package dev.browseragent.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request the {@link ScriptedModelServer} received, as the agent meant it: the system text, the user message
 * (the agent rebuilds it every step), the images it carried and the actions the answer schema offered. The raw
 * request body stays available for protocol-level assertions.
 */
public final class ModelPrompt {

    /** An element line of the rendered page: optional indentation, an optional {@code *}, then {@code [N]<}. */
    private static final Pattern ELEMENT_LINE = Pattern.compile("^\\s*\\*?\\[(\\d+)]<");

    private final String path;
    private final String model;
    private final String systemText;
    private final String userText;
    private final List<String> images;
    private final List<String> offeredActions;
    private final JsonNode body;

    public ModelPrompt(String path, String model, String systemText, String userText, List<String> images,
                       List<String> offeredActions, JsonNode body) {
        this.path = path;
        this.model = model;
        this.systemText = systemText;
        this.userText = userText;
        this.images = List.copyOf(images);
        this.offeredActions = List.copyOf(offeredActions);
        this.body = body;
    }

    /** The path the request was posted to, which tells the provider protocol. */
    public String path() {
        return path;
    }

    /** The model id the request names. */
    public String model() {
        return model;
    }

    public String systemText() {
        return systemText;
    }

    /** The text of the user message: task, history, browser state, step counter. */
    public String userText() {
        return userText;
    }

    /** The images of the user message, as the URLs the protocol carries them in (data URLs for screenshots). */
    public List<String> images() {
        return images;
    }

    /** The action names the answer schema allows, in schema order. */
    public List<String> offeredActions() {
        return offeredActions;
    }

    /** The request body as received. */
    public JsonNode body() {
        return body;
    }

    /** Whether the user message contains the fragment. */
    public boolean contains(String fragment) {
        return userText.contains(fragment);
    }

    /**
     * The index N of the first {@code [N]<...} element line of the user message that contains the fragment, so a
     * scenario can say "click the button whose line contains {@code type=submit}".
     *
     * @throws IllegalStateException when no element line contains it (the server answers 500 with this message)
     */
    public int indexOf(String fragment) {
        for (String line : userText.split("\n")) {
            Matcher element = ELEMENT_LINE.matcher(line);
            if (element.find() && line.contains(fragment)) {
                return Integer.parseInt(element.group(1));
            }
        }
        throw new IllegalStateException("no element line contains '" + fragment + "'");
    }
}
