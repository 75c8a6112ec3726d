package dev.browseragent.worker.agent;

import dev.browseragent.worker.llm.ActionSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** The system message: the rules of the loop ({@code system-prompt.md}) with the actions filled in. */
final class SystemPrompt {

    private static final String TEMPLATE = template();

    private SystemPrompt() {
    }

    static String render(List<ActionSpec> actions, int maxActionsPerStep) {
        String actionList = actions.stream()
                .map(action -> "- " + action.name() + "(" + String.join(", ", action.params().properties().keySet())
                        + "): " + action.description())
                .collect(Collectors.joining("\n"));
        return TEMPLATE.replace("{max_actions}", Integer.toString(maxActionsPerStep)).replace("{actions}", actionList);
    }

    private static String template() {
        try (InputStream in = SystemPrompt.class.getResourceAsStream("system-prompt.md")) {
            if (in == null) {
                throw new IllegalStateException("missing resource system-prompt.md next to " + SystemPrompt.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
