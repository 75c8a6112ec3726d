package dev.browseragent.worker.safety;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.browseragent.worker.browser.BrowserSession;
import dev.browseragent.worker.browser.Tab;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a persisted browser profile keeps between tasks: the browser's cookies (in the shape CDP and Selenium give
 * them) and the local storage of the origins its tabs ended on.
 *
 * @param cookies      every cookie of the browser
 * @param localStorage origin ({@code https://host[:port]}) → its key/value pairs
 */
record BrowserState(List<Map<String, Object>> cookies,
                    @JsonProperty("local_storage") Map<String, List<List<String>>> localStorage) {

    /** The fields Storage.setCookies takes back; the others (size, session, priority...) are derived. */
    private static final Set<String> SETTABLE = Set.of("name", "value", "domain", "path", "secure", "httpOnly",
            "sameSite", "expires", "partitionKey");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the browser's state through CDP. */
    @SuppressWarnings("unchecked")
    static BrowserState capture(BrowserSession session) {
        List<Map<String, Object>> cookies = (List<Map<String, Object>>) session.cdp()
                .executeCdpCommand("Storage.getCookies", Map.of()).get("cookies");
        Map<String, List<List<String>>> storage = new LinkedHashMap<>();
        session.cdp().executeCdpCommand("DOMStorage.enable", Map.of());
        for (Tab tab : session.tabs()) {
            String origin = origin(tab.url());
            if (origin != null && !storage.containsKey(origin)) {
                List<List<String>> entries = (List<List<String>>) session.cdp().executeCdpCommand(
                        "DOMStorage.getDOMStorageItems", Map.of("storageId",
                                Map.of("securityOrigin", origin, "isLocalStorage", true))).get("entries");
                if (entries != null && !entries.isEmpty()) {
                    storage.put(origin, entries);
                }
            }
        }
        return new BrowserState(cookies, storage);
    }

    /**
     * Puts the state back into a fresh browser: the cookies at once, the local storage of each origin as the
     * current tab's first document of that origin loads (before the page's own scripts run), for keys the page does
     * not have yet.
     */
    void restore(BrowserSession session) {
        List<Map<String, Object>> settable = cookies.stream().map(cookie -> {
            Map<String, Object> copy = new LinkedHashMap<>();
            cookie.forEach((key, value) -> {
                boolean sessionCookie = key.equals("expires") && value instanceof Number number && number.doubleValue() < 0;
                if (SETTABLE.contains(key) && value != null && !sessionCookie) {
                    copy.put(key, value);
                }
            });
            return copy;
        }).toList();
        session.cdp().executeCdpCommand("Storage.setCookies", Map.of("cookies", settable));
        if (localStorage != null && !localStorage.isEmpty()) {
            String saved;
            try {
                saved = JSON.writeValueAsString(localStorage);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("local storage entries are always serialisable", e);
            }
            session.cdp().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "(() => { const entries = " + saved + "[location.origin]; if (!entries) return;"
                            + " try { for (const [key, value] of entries) {"
                            + " if (localStorage.getItem(key) === null) localStorage.setItem(key, value); } }"
                            + " catch (e) {} })();"));
        }
    }

    private static String origin(String url) {
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                return null;
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
