package dev.browseragent.worker.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chromium.HasCdp;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's own JavaScript world in the current tab (CDP {@code Page.createIsolatedWorld}): it shares the page's
 * DOM but not its globals or prototypes, so page scripts can neither read what the agent keeps there nor replace the
 * functions it calls. The world's context is made once per document and made again when a navigation drops it.
 */
final class IsolatedWorld {

    private static final String NAME = "browser-agent";
    private static final ObjectMapper JSON = new ObjectMapper();

    private String handle;
    private Integer contextId;

    /**
     * Calls a function in the world of the current tab's top document and returns its value (a string, number,
     * boolean or null; objects come back as maps; a promise is awaited).
     *
     * @param functionBody the body of a function that reads its parameters from {@code arguments}
     * @throws WebDriverException when the browser fails, or the script throws (its message says why)
     */
    Object call(BrowserSession session, String functionBody, Object... arguments) {
        Map<?, ?> result = evaluate(session, functionBody, List.of(arguments), true);
        return result.get("value");
    }

    /** The object the function returns, as a CDP remote object id; empty when it returns null. */
    Optional<String> objectId(BrowserSession session, String functionBody) {
        return Optional.ofNullable((String) evaluate(session, functionBody, List.of(), false).get("objectId"));
    }

    private Map<?, ?> evaluate(BrowserSession session, String functionBody, List<Object> arguments, boolean byValue) {
        String expression = "(function () {\n" + functionBody + "\n}).apply(null, " + json(arguments) + ")";
        HasCdp cdp = session.cdp();
        for (int attempt = 0; ; attempt++) {
            Map<String, Object> response;
            try {
                response = cdp.executeCdpCommand("Runtime.evaluate", Map.of(
                        "expression", expression,
                        "contextId", context(session),
                        "returnByValue", byValue,
                        "awaitPromise", true));
            } catch (WebDriverException e) {
                // The document the context belonged to is gone (a navigation): make one in the new document.
                contextId = null;
                if (attempt > 0) {
                    throw e;
                }
                continue;
            }
            Object exception = response.get("exceptionDetails");
            if (exception instanceof Map<?, ?> details) {
                Object thrown = details.get("exception") instanceof Map<?, ?> value ? value.get("description") : null;
                throw new WebDriverException("the page script failed: "
                        + (thrown != null ? thrown.toString().lines().findFirst().orElse("") : details.get("text")));
            }
            return (Map<?, ?>) response.get("result");
        }
    }

    private int context(BrowserSession session) {
        String currentHandle = session.currentHandle();
        if (contextId == null || !currentHandle.equals(handle)) {
            HasCdp cdp = session.cdp();
            Map<?, ?> frameTree = (Map<?, ?>) cdp.executeCdpCommand("Page.getFrameTree", Map.of()).get("frameTree");
            String frameId = (String) ((Map<?, ?>) frameTree.get("frame")).get("id");
            Map<String, Object> world = cdp.executeCdpCommand("Page.createIsolatedWorld", Map.of(
                    "frameId", frameId,
                    "worldName", NAME,
                    // The page's own origin: same-origin iframes are in reach, others are not, as for the page.
                    "grantUniveralAccess", false));
            contextId = ((Number) world.get("executionContextId")).intValue();
            handle = currentHandle;
        }
        return contextId;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("script arguments must be JSON values", e);
        }
    }
}
